/**
 * A throw-away PostgreSQL server for tests: a new cluster in a temporary folder, listening on
 * 127.0.0.1 on a free port with its socket in the same folder, stopped by process id when the
 * tests are done. `initdb` refuses to run as root, so under root (as in CI) the cluster belongs to
 * the `postgres` user and the server programs run through `runuser`. A normal user runs them
 * directly. The server requires a password over TCP, so connection code is tested with one.
 *
 * When PostgreSQL is not installed, {@link startPostgres} throws an error whose message gives the
 * install command, so the tests that need it fail instead of passing without having run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** `postgres://flowmason:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Process id of the postmaster. */
  pid: number;
  /** Stops the server (fast shutdown) and removes its folder. */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Install it with `apt-get install -y postgresql` (Debian/Ubuntu), or set FLOWMASON_PG_BIN to the folder that holds initdb and pg_ctl.';
const SERVER_USER = 'postgres';

/** Creates and starts a cluster. Call `stop` in `afterAll`. */
export async function startPostgres(): Promise<PostgresServer> {
  const binDir = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await lookUpUser(SERVER_USER) : undefined;

  const folder = await mkdtemp(join(tmpdir(), 'flowmason-pg-'));
  const dataDir = join(folder, 'data');
  const passwordFile = join(folder, 'password');
  const user = 'flowmason';
  const password = randomBytes(12).toString('hex');
  await writeFile(passwordFile, `${password}\n`);
  if (owner !== undefined) {
    await chown(folder, owner.uid, owner.gid);
    await chown(passwordFile, owner.uid, owner.gid);
  }
  await chmod(passwordFile, 0o600);

  const run = (program: string, args: string[]): Promise<void> => runProgram(join(binDir, program), args, asRoot ? SERVER_USER : undefined);
  try {
    await run('initdb', ['-D', dataDir, '-U', user, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    const port = await freePort();
    const serverOptions = [`-p ${port}`, `-k ${folder}`, "-c listen_addresses='127.0.0.1'", '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
    await run('pg_ctl', ['-D', dataDir, '-l', join(folder, 'server.log'), '-o', serverOptions.join(' '), '-w', '-t', '30', 'start']);
    const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);

    let stopped = false;
    const killOnExit = (): void => {
      if (!stopped) {
        signal(pid, 'SIGQUIT');
      }
    };
    process.once('exit', killOnExit);
    const database = 'postgres';
    return {
      url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
      host: '127.0.0.1',
      port,
      user,
      password,
      database,
      pid,
      async stop() {
        stopped = true;
        process.removeListener('exit', killOnExit);
        signal(pid, 'SIGINT');
        await waitForExit(pid, 10_000);
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = await readFile(join(folder, 'server.log'), 'utf8').catch(() => '');
    await rm(folder, { recursive: true, force: true });
    throw new Error(`starting a test PostgreSQL server failed: ${(error as Error).message}${log === '' ? '' : `\nserver log:\n${log}`}`, { cause: error });
  }
}

/**
 * Finds the folder of initdb and pg_ctl: FLOWMASON_PG_BIN when it is set (and then only there),
 * else Debian's versioned folders (newest first), then PATH.
 */
function findBinDir(): string {
  const configured = process.env.FLOWMASON_PG_BIN;
  if (configured !== undefined) {
    if (!existsSync(join(configured, 'initdb')) || !existsSync(join(configured, 'pg_ctl'))) {
      throw new Error(`FLOWMASON_PG_BIN is ${configured}, but initdb and pg_ctl are not there. ${INSTALL_HINT}`);
    }
    return configured;
  }
  const candidates: string[] = [];
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  candidates.push(...(process.env.PATH ?? '').split(':').filter((entry) => entry !== ''));
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (found === undefined) {
    throw new Error(`PostgreSQL server programs (initdb, pg_ctl) were not found in ${debianRoot} or on PATH. ${INSTALL_HINT}`);
  }
  return found;
}

async function lookUpUser(name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith(`${name}:`));
  if (entry === undefined) {
    throw new Error(`the tests run as root, so the PostgreSQL cluster must belong to the '${name}' user, which does not exist. ${INSTALL_HINT}`);
  }
  const fields = entry.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Runs a program to its exit, as `asUser` through runuser when given. Rejects with its output on failure. */
function runProgram(program: string, args: string[], asUser: string | undefined): Promise<void> {
  const [command, commandArgs] = asUser === undefined ? [program, args] : ['runuser', ['-u', asUser, '--', program, ...args]];
  return new Promise((resolve, reject) => {
    // stdin is closed and output piped: pg_ctl's server keeps its own log file, so `exit` (not
    // `close`, which would wait for the server holding inherited pipes) marks the end.
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`${[command, ...commandArgs].join(' ')} exited with code ${code}: ${output.trim()}`));
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // The server has already exited.
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  signal(pid, 'SIGQUIT');
}
