/**
 * What every command needs: the node registry, the run store, and the way commands report
 * errors and exit codes.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNodeRegistry } from '../../nodes/index.js';
import { FlowmasonError } from '../errors.js';
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

/** Commands that keep running (a server, a folder watch): they log to stderr by default. */
const LONG_RUNNING_COMMANDS = new Set(['studio', 'watch']);

/**
 * The log level when `FLOWMASON_LOG_LEVEL` is not set: `info` for long-running commands, and
 * `silent` for one-shot commands, which print what went wrong in their own output already.
 */
export function defaultLogLevel(command: string | undefined): string {
  return command !== undefined && LONG_RUNNING_COMMANDS.has(command) ? 'info' : 'silent';
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

/** Prints an error for the user: Flowmason's own errors as their message, anything else with its stack. */
export function reportError(error: unknown): void {
  if (error instanceof FlowmasonError) {
    process.stderr.write(`flowmason: ${error.message}\n`);
  } else if (error instanceof Error) {
    process.stderr.write(`flowmason: internal error: ${error.stack ?? error.message}\n`);
  } else {
    process.stderr.write(`flowmason: internal error: ${String(error)}\n`);
  }
}
