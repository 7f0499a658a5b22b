/**
 * One crash trial. The crash-trial flow runs in a child process (`node bin/flowmason.js`), which
 * is killed with SIGKILL at a random moment. The run is then resumed with `flowmason rerun`, and
 * the resuming processes may be killed too, until one ends by itself. Then every input row must
 * have ended as exactly one line in one output file or exactly one open dead letter, and the
 * history file must pass `PRAGMA integrity_check`.
 *
 * Kill moments are drawn from a seeded generator, so a seed names a trial; where the kill lands
 * in the run still depends on the machine's speed, so a failing seed may need a few repeats.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FLOWMASON_BIN } from './crash-paths.js';
import { crashFlow, generateInput, seededRandom, type Fate } from './crash-flow.js';

export interface TrialOptions {
  seed: number;
  records: number;
  /** Empty folder the trial works in. */
  folder: string;
  /** Kill moments by time are drawn from 0 to this many milliseconds after a process starts. */
  killWindowMs: number;
  /** Processes killed at most, the first one included; the next one runs to its end. */
  maximumKills?: number;
  batchSize?: number;
}

export interface TrialResult {
  seed: number;
  records: number;
  /** When each killed process was killed: milliseconds after its start, or the effect state and delay. */
  kills: string[];
  processes: number;
  interruptedRuns: number;
  /** Files interrupted runs delivered before they were killed, which the resumed runs must not deliver again. */
  effectsOfInterruptedRuns: number;
  /** Sink effects found pending at a start-up: confirmed (the file was in place) or discarded. */
  recoveredEffects: { confirmed: number; discarded: number };
  items: number;
  exceptions: number;
  deadLetters: number;
  /** Temporary files left in the output folder; harmless, but counted. */
  temporaryFiles: number;
  /** Broken invariants; empty when the trial passed. */
  problems: string[];
}

interface ProcessOutcome {
  killed: boolean;
  code: number | null;
  stderr: string;
}

export async function runTrial(options: TrialOptions): Promise<TrialResult> {
  const random = seededRandom(options.seed);
  const input = generateInput(options.records, random);
  writeFileSync(join(options.folder, 'items.csv'), input.csv);
  writeFileSync(join(options.folder, 'crash.flow.json'), `${JSON.stringify(crashFlow(), null, 2)}\n`);
  mkdirSync(join(options.folder, 'out'), { recursive: true });

  const result: TrialResult = {
    seed: options.seed,
    records: options.records,
    kills: [],
    processes: 0,
    interruptedRuns: 0,
    effectsOfInterruptedRuns: 0,
    recoveredEffects: { confirmed: 0, discarded: 0 },
    items: 0,
    exceptions: 0,
    deadLetters: 0,
    temporaryFiles: 0,
    problems: [],
  };
  const maximumKills = options.maximumKills ?? 3;
  for (;;) {
    const latest = latestRunId(options.folder);
    const args = latest === undefined ? ['run', 'crash.flow.json'] : ['rerun', String(latest)];
    // The first process is always killed; each resume is killed with even odds, up to the maximum.
    const kill = result.kills.length < maximumKills && (result.processes === 0 || random() < 0.5);
    const plan = kill ? drawKillPlan(random, options.killWindowMs) : undefined;
    const outcome = await runProcess(options, [...args, '--db', 'history.db', '--batch-size', String(options.batchSize ?? 500)], plan);
    result.processes++;
    countRecoveries(outcome.stderr, result);
    if (outcome.killed && plan !== undefined) {
      result.kills.push(describePlan(plan));
      continue;
    }
    if (outcome.code !== 0 && outcome.code !== 2) {
      result.problems.push(`flowmason ${args.join(' ')} exited with ${outcome.code}: ${outcome.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    break;
  }
  checkOutcome(options.folder, input.fates, result);
  return result;
}

/**
 * When to kill a process: a moment after its start, or a few milliseconds after its first sink
 * effect reaches a state. Sinks commit at the end of a run, in a window too short for a random
 * moment to hit often, so the effect triggers aim at the steps of the ledger protocol directly:
 * `sealed` between storing the file's hash and confirming it, `delivered` after one sink's file
 * is confirmed and before the other's.
 */
export type KillPlan = { kind: 'time'; afterMs: number } | { kind: 'sealed' | 'delivered'; delayMs: number };

function drawKillPlan(random: () => number, windowMs: number): KillPlan {
  const draw = random();
  const delayMs = Math.floor(random() * 10);
  if (draw < 0.4) {
    return { kind: 'time', afterMs: Math.floor(random() * windowMs) };
  }
  return { kind: draw < 0.7 ? 'sealed' : 'delivered', delayMs };
}

function describePlan(plan: KillPlan): string {
  return plan.kind === 'time' ? `${plan.afterMs} ms` : `${plan.kind}+${plan.delayMs} ms`;
}

function runProcess(options: TrialOptions, args: string[], plan: KillPlan | undefined): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FLOWMASON_BIN, ...args], {
      cwd: options.folder,
      env: { PATH: process.env.PATH ?? '', HOME: options.folder, FLOWMASON_HOME: join(options.folder, '.flowmason') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed = false;
    const kill = (): void => {
      killed = child.kill('SIGKILL');
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timers: NodeJS.Timeout[] = [];
    if (plan?.kind === 'time') {
      timers.push(setTimeout(kill, plan.afterMs));
    } else if (plan !== undefined) {
      const watcher = new EffectWatcher(join(options.folder, 'history.db'));
      const poll = setInterval(() => {
        if (child.pid !== undefined && watcher.reached(child.pid, plan.kind)) {
          clearInterval(poll);
          watcher.close();
          timers.push(setTimeout(kill, plan.delayMs));
        }
      }, 2);
      timers.push(poll);
      child.on('close', () => watcher.close());
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const timer of timers) {
        clearTimeout(timer);
      }
      resolve({ killed: killed && signal === 'SIGKILL', code, stderr });
    });
  });
}

/** Reads the history file a running process writes, to see how far its sink effects got. */
class EffectWatcher {
  private db: Database.Database | undefined;

  constructor(private readonly path: string) {}

  /** Tells whether a sink effect of the run that process `pid` started has reached `state`. */
  reached(pid: number, state: 'sealed' | 'delivered'): boolean {
    try {
      this.db ??= existsSync(this.path) ? new Database(this.path, { readonly: true, fileMustExist: true }) : undefined;
      if (this.db === undefined) {
        return false;
      }
      const condition = state === 'sealed' ? "effects.status = 'pending' AND effects.fingerprint IS NOT NULL" : "effects.status = 'delivered'";
      const query = `SELECT 1 FROM sink_effects effects JOIN runs ON runs.id = effects.run_id WHERE runs.pid = ? AND ${condition} LIMIT 1`;
      return this.db.prepare(query).get(pid) !== undefined;
    } catch {
      // The schema is not there yet while the process creates the file.
      return false;
    }
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}

function latestRunId(folder: string): number | undefined {
  const path = join(folder, 'history.db');
  if (!existsSync(path)) {
    return undefined;
  }
  const db = new Database(path, { fileMustExist: true });
  try {
    const hasRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get() !== undefined;
    return hasRuns ? ((db.prepare('SELECT MAX(id) FROM runs').pluck().get() as number | null) ?? undefined) : undefined;
  } finally {
    db.close();
  }
}

/** Counts the `pending sink effect settled at start-up` log lines a resuming process wrote. */
function countRecoveries(stderr: string, result: TrialResult): void {
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    const entry = JSON.parse(line) as { msg?: string; outcome?: 'confirmed' | 'discarded' };
    if (entry.msg === 'pending sink effect settled at start-up' && entry.outcome !== undefined) {
      result.recoveredEffects[entry.outcome]++;
    }
  }
}

/** Checks that every row ended in exactly one place, and the history file's integrity. */
function checkOutcome(folder: string, fates: ReadonlyMap<string, Fate>, result: TrialResult): void {
  const seen = new Map<string, string[]>();
  const note = (key: string, place: string): void => {
    seen.set(key, [...(seen.get(key) ?? []), place]);
  };
  const files = readdirSync(join(folder, 'out'));
  result.temporaryFiles = files.filter((name) => name.startsWith('.')).length;
  for (const name of files.filter((file) => /^items-\d+\.jsonl$/.test(file))) {
    for (const line of readFileSync(join(folder, 'out', name), 'utf8').split('\n').filter((text) => text !== '')) {
      note((JSON.parse(line) as { sku: string }).sku, `item in ${name}`);
      result.items++;
    }
  }
  for (const name of files.filter((file) => /^exceptions-\d+\.csv$/.test(file))) {
    for (const line of readFileSync(join(folder, 'out', name), 'utf8').split('\n').slice(1).filter((text) => text !== '')) {
      note(line.split(',')[0] as string, `exception in ${name}`);
      result.exceptions++;
    }
  }
  const db = new Database(join(folder, 'history.db'), { fileMustExist: true });
  try {
    for (const key of db.prepare('SELECT record_key FROM dead_letters WHERE resolved_at IS NULL').pluck().all() as string[]) {
      note(key, 'open dead letter');
      result.deadLetters++;
    }
    result.interruptedRuns = db.prepare("SELECT COUNT(*) FROM runs WHERE status = 'INTERRUPTED'").pluck().get() as number;
    result.effectsOfInterruptedRuns = db
      .prepare("SELECT COUNT(*) FROM sink_effects JOIN runs ON runs.id = sink_effects.run_id WHERE runs.status = 'INTERRUPTED' AND sink_effects.status = 'delivered'")
      .pluck()
      .get() as number;
    const pending = db.prepare("SELECT COUNT(*) FROM sink_effects WHERE status = 'pending'").pluck().get() as number;
    if (pending > 0) {
      result.problems.push(`${pending} sink effects are still pending`);
    }
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      result.problems.push(`PRAGMA integrity_check returned ${String(integrity)}`);
    }
  } finally {
    db.close();
  }
  const expectedPlace: Record<Fate, string> = { item: 'item in', exception: 'exception in', 'dead-letter': 'open dead letter' };
  for (const [key, fate] of fates) {
    const places = seen.get(key) ?? [];
    if (places.length === 0) {
      result.problems.push(`${key} (${fate}) was lost: no output line and no open dead letter`);
    } else if (places.length > 1) {
      result.problems.push(`${key} (${fate}) ended ${places.length} times: ${places.join('; ')}`);
    } else if (!(places[0] as string).startsWith(expectedPlace[fate])) {
      result.problems.push(`${key} should end as ${fate} but ended as ${places[0]}`);
    }
  }
  for (const key of seen.keys()) {
    if (!fates.has(key)) {
      result.problems.push(`${key} is in the output but not in the input`);
    }
  }
}
