/**
 * Flowmason's error classes. Each class has one job, and the runtime decides what to do
 * with an error by its class alone:
 *
 * - {@link InputError}: a bad flow, configuration or input record. A person fixes it; never retried.
 * - {@link TransientError}: a timeout, a rate limit, a 5xx. Retried under the node's retry policy.
 * - {@link InternalError}: a bug in Flowmason. Reported with its cause; never retried.
 *
 * {@link NodeError} wraps any of them with the node id, the record key and the origin of the record
 * that failed, and keeps the original error as `cause`.
 */

/** Error kinds as stored in dead letters and shown to operators. */
export const ERROR_KINDS = ['input', 'transient', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Base class of every error Flowmason raises on purpose. */
export abstract class FlowmasonError extends Error {
  abstract readonly kind: ErrorKind;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A flow, configuration or input record that a person must fix. Never retried. */
export class InputError extends FlowmasonError {
  readonly kind = 'input' as const;

  /**
   * @param message names the value, the rule and, where it helps, the fix.
   * @param location the file, line, record or field the message is about, when known.
   */
  constructor(
    message: string,
    readonly location: ErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A failure that may succeed when tried again: timeouts, HTTP 429 and 5xx, a locked database. */
export class TransientError extends FlowmasonError {
  readonly kind = 'transient' as const;

  /** @param retryAfterMs the delay the remote side asked for (for example from `Retry-After`), if any. */
  constructor(
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A bug in Flowmason itself: a state that the code should have made impossible. */
export class InternalError extends FlowmasonError {
  readonly kind = 'internal' as const;
}

/** Where in the input an error was found. Every field is optional because sources differ. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  /** Byte or character offset in the file, for formats without meaningful lines. */
  offset?: number;
  field?: string;
  nodeId?: string;
}

/** An error raised while a node handled one record, with the node id, the record key and the origin. */
export class NodeError extends FlowmasonError {
  readonly kind: ErrorKind;

  constructor(
    readonly nodeId: string,
    readonly recordKey: string | null,
    readonly origin: unknown,
    cause: unknown,
  ) {
    super(`node '${nodeId}'${recordKey === null ? '' : ` record '${recordKey}'`}: ${errorMessage(cause)}`, { cause });
    this.kind = errorKind(cause);
  }
}

/** Classifies any thrown value. Errors that are not Flowmason's own count as internal. */
export function errorKind(error: unknown): ErrorKind {
  return error instanceof FlowmasonError ? error.kind : 'internal';
}

/** Returns the message of any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return String(error);
}
