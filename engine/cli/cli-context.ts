/**
 * What every command needs: the node registry, the run store, and the way commands report
 * errors and exit codes.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNodeRegistry } from '../../nodes/index.js';
import { FlowmasonError, type ErrorKind } from '../errors.js';
import { UsageError } from './arguments.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { createLogger, type Logger } from '../logger.js';
import { recoverPendingEffects } from '../runtime/effect-recovery.js';
import type { RunStore } from '../store/run-store.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';

/** Exit codes of the CLI. */
export const EXIT = {
  ok: 0,
  /** The run failed, the flow is invalid, or the command could not do its work. */
  failed: 1,
  /** The run completed and dead letters exist. */
  completedWithErrors: 2,
  /** Wrong arguments. */
  usage: 64,
  /** The user cancelled with Ctrl-C. */
  cancelled: 130,
} as const;

/** Options every command that touches history accepts. */
export interface StoreOptions {
  db?: string;
}

/** Default history location: `$FLOWMASON_HOME/history.db`, else `~/.flowmason/history.db`. */
export function defaultDatabasePath(environment: NodeJS.ProcessEnv = process.env): string {
  const home = environment.FLOWMASON_HOME ?? join(homedir(), '.flowmason');
  return join(home, 'history.db');
}

/**
 * Log levels of the commands that keep running when `FLOWMASON_LOG_LEVEL` is not set. The
 * designer server logs what it does; a folder watch prints a text line per file on stdout, so it
 * logs only warnings and errors, which its text lines do not show.
 */
const LONG_RUNNING_LOG_LEVELS: ReadonlyMap<string, string> = new Map([
  ['studio', 'info'],
  ['watch', 'warn'],
]);

/**
 * The log level when `FLOWMASON_LOG_LEVEL` is not set: as {@link LONG_RUNNING_LOG_LEVELS} says for
 * long-running commands, and `silent` for one-shot commands, which print what went wrong in their
 * own output already.
 */
export function defaultLogLevel(command: string | undefined): string {
  return (command === undefined ? undefined : LONG_RUNNING_LOG_LEVELS.get(command)) ?? 'silent';
}

export class CliContext {
  readonly registry: NodeRegistry = createNodeRegistry();
  readonly logger: Logger;
  private store: SqliteRunStore | undefined;

  constructor(options: { logLevel?: string } = {}) {
    this.logger = createLogger(process.env.FLOWMASON_LOG_LEVEL ?? options.logLevel ?? 'warn');
  }

  /**
   * Opens the run history named by `--db` or the default, marks runs left by dead processes
   * INTERRUPTED and settles the sink effects they left pending.
   */
  async openStore(options: StoreOptions): Promise<RunStore & { path: string }> {
    if (this.store === undefined) {
      const path = options.db === undefined ? defaultDatabasePath() : resolve(options.db);
      this.store = new SqliteRunStore(path);
      const interrupted = await this.store.markInterruptedRuns();
      if (interrupted.length > 0) {
        this.logger.warn({ runIds: interrupted }, 'runs left running by a stopped process marked INTERRUPTED');
      }
      await recoverPendingEffects(this.store, this.logger);
    }
    return this.store;
  }

  async close(): Promise<void> {
    await this.store?.close();
  }
}

/**
 * Prints an error for the user on stderr: Flowmason's own errors as their message, anything else
 * with its stack. With `json` (the command was given `--json`), it also prints the error as JSON
 * on stdout, see {@link writeJsonError}.
 */
export function reportError(error: unknown, json = false): void {
  if (error instanceof FlowmasonError) {
    process.stderr.write(`flowmason: ${error.message}\n`);
  } else if (error instanceof Error) {
    process.stderr.write(`flowmason: internal error: ${error.stack ?? error.message}\n`);
  } else {
    process.stderr.write(`flowmason: internal error: ${String(error)}\n`);
  }
  if (json) {
    let kind: JsonErrorKind = error instanceof FlowmasonError ? error.kind : 'internal';
    if (error instanceof UsageError) {
      kind = 'usage';
    }
    writeJsonError(error instanceof Error ? error.message : String(error), kind);
  }
}

/** The kind of a JSON error of a command given `--json`: an error kind of engine/errors.ts, or `usage` for a wrong command line. */
export type JsonErrorKind = ErrorKind | 'usage';

/** Prints `{ "error": { "message", "kind" } }` on stdout, so that a script that asked for JSON can parse a failure too. */
export function writeJsonError(message: string, kind: JsonErrorKind): void {
  process.stdout.write(`${JSON.stringify({ error: { message, kind } }, null, 2)}\n`);
}
