/**
 * The diagnostic log: one pino logger, constant messages, ids as fields. The run history in the
 * store is the product's record of what happened; this log is for whoever runs Flowmason and
 * never contains a secret or record data.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Creates the process logger. It writes JSON lines to stderr so that stdout stays clean for
 * `--json` output. The level comes from `FLOWMASON_LOG_LEVEL` (default `warn`).
 */
export function createLogger(level: string = process.env.FLOWMASON_LOG_LEVEL ?? 'warn'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = pino({ level: 'silent' });
