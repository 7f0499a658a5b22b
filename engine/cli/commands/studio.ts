import { spawn } from 'node:child_process';
import { UsageError } from '../arguments.js';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { EngineHost } from '../../host/engine-host.js';
import { startStudioServer } from '../../host/http-server.js';
import { previewSourceNode } from '../../../nodes/file-preview/preview-node.js';
import type { CliContext } from '../cli-context.js';

interface StudioOptions {
  workspace?: string;
  port?: string;
  db?: string;
  open: boolean;
}

export function registerStudio(program: Command, context: CliContext): void {
  program
    .command('studio')
    .description('open the designer in a browser (web mode): serves it and the engine on 127.0.0.1 with a per-start token until Ctrl-C')
    .option('--workspace <dir>', 'folder of flow files to work in (default: the current folder)')
    .option('--port <number>', 'port on 127.0.0.1 to listen on (default: a free port)')
    .option('--db <path>', 'run history file (default: $FLOWMASON_HOME/history.db or ~/.flowmason/history.db)')
    .option('--no-open', 'print the address without opening a browser')
    .action(async (options: StudioOptions) => {
      await studioCommand(options, context);
    });
}

/**
 * Finds the built renderer: `dist/renderer` beside the compiled CLI, or under the repository
 * when the CLI runs from source.
 */
export function findRendererDir(): string {
  const candidates = [fileURLToPath(new URL('../../../renderer/', import.meta.url)), fileURLToPath(new URL('../../../dist/renderer/', import.meta.url))];
  const found = candidates.find((folder) => existsSync(join(folder, 'index.html')));
  if (found === undefined) {
    throw new InputError(`the designer is not built (no index.html in ${candidates.join(' or ')}); run \`npm run build\``);
  }
  return found;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) {
    return 0;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535; got '${text}'`);
  }
  return port;
}

async function studioCommand(options: StudioOptions, context: CliContext): Promise<void> {
  const workspace = resolve(options.workspace ?? '.');
  const folder = await stat(workspace).catch(() => undefined);
  if (folder?.isDirectory() !== true) {
    throw new InputError(`--workspace ${workspace} is not a folder`);
  }
  const port = parsePort(options.port);
  const rendererDir = findRendererDir();
  const store = await context.openStore(options);
  const host = new EngineHost({ workspace, registry: context.registry, store, logger: context.logger, sourcePreviewer: previewSourceNode });
  const server = await startStudioServer({ api: host, rendererDir, port, logger: context.logger });

  process.stdout.write(`Flowmason studio is running at ${server.url}\nworkspace: ${workspace}\nhistory:   ${store.path}\npress Ctrl-C to stop\n`);
  if (options.open) {
    openInBrowser(server.url);
  }

  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stdout.write('stopping: cancelling runs still going\n');
  await server.close();
  await host.close();
}

/** Opens the address with the system's browser; a failure only means the user opens it by hand. */
function openInBrowser(url: string): void {
  let command = 'xdg-open';
  if (process.platform === 'darwin') {
    command = 'open';
  } else if (process.platform === 'win32') {
    command = 'explorer.exe';
  }
  try {
    const child = spawn(command, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => {
      process.stderr.write(`could not start ${command}; open the address above in a browser\n`);
    });
    child.unref();
  } catch {
    process.stderr.write(`could not start ${command}; open the address above in a browser\n`);
  }
}
