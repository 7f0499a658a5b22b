/**
 * Turns what JSONata throws into Flowmason errors with readable messages: a syntax error names
 * its line and column, a failed evaluation names the expression, and a runaway expression names
 * the limit that stopped it.
 */
import { FlowmasonError, InputError, InternalError, errorMessage } from '../errors.js';

/** JSONata error codes for the guardrails of its `timeout`, `stack` and `sequence` options and its own range limit. */
const TIMEOUT_CODE = 'D1012';
const DEPTH_CODE = 'D1011';
const SEQUENCE_CODES = new Set(['D2014', 'D2015']);
/** `$eval` wraps the error of the expression it evaluated under this code, in `error`. */
const EVAL_CODE = 'D3121';

export interface ExpressionLimits {
  /** Time limit of one evaluation, in milliseconds. */
  timeoutMs: number;
  /** Maximum nesting of JSONata evaluation steps; one level of a recursive function takes about three. */
  maxDepth: number;
  /** Maximum length of a sequence an expression builds, ranges included. */
  maxSequenceLength: number;
}

interface JsonataErrorShape {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
  error?: unknown;
}

/** Shortens an expression for messages: whitespace collapsed, at most 80 characters. */
export function quoteExpression(source: string): string {
  const compact = source.replace(/\s+/g, ' ').trim();
  return `'${compact.length > 80 ? `${compact.slice(0, 79)}…` : compact}'`;
}

/**
 * Describes a JSONata position (the 1-based offset of the last character it read) as
 * `column 7`, or `line 2 column 5` in an expression of several lines.
 */
export function describePosition(source: string, position: number): string {
  const offset = Math.max(0, Math.min(position, source.length) - 1);
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n');
  const column = offset - lineStart;
  if (!source.includes('\n')) {
    return `column ${column}`;
  }
  const line = before.split('\n').length;
  return `line ${line} column ${column}`;
}

/** Describes a JSONata syntax error: `invalid JSONata at column 4: Expected ")" before end of expression`. */
export function describeJsonataError(source: string, error: unknown): string {
  const details = error as JsonataErrorShape;
  const message = details.message ?? String(error);
  if (typeof details.position === 'number') {
    return `invalid JSONata at ${describePosition(source, details.position)}: ${message}`;
  }
  return `invalid JSONata: ${message}`;
}

/**
 * Converts an error from evaluating `source` into a Flowmason error. `elapsedMs` is how long the
 * evaluation ran. An evaluation past its time limit fails as a timeout whatever JSONata reported,
 * because a long native step (sorting a huge array) ends with some other error or none.
 */
export function evaluationError(source: string, error: unknown, limits: ExpressionLimits, elapsedMs: number): FlowmasonError {
  const code = innermostCode(error);
  if (code === TIMEOUT_CODE || elapsedMs > limits.timeoutMs) {
    return timeoutError(source, limits);
  }
  if (code === DEPTH_CODE || error instanceof RangeError) {
    return new InputError(
      `expression ${quoteExpression(source)} went deeper than ${limits.maxDepth} nested evaluation steps; look for a recursive function that never stops`,
      {},
      { cause: error },
    );
  }
  if (code !== undefined && SEQUENCE_CODES.has(code)) {
    return new InputError(`expression ${quoteExpression(source)} built a sequence longer than the limit of ${limits.maxSequenceLength} items`, {}, { cause: error });
  }
  const details = error as JsonataErrorShape;
  const where = typeof details.position === 'number' ? ` at ${describePosition(source, details.position)}` : '';
  if (error instanceof FlowmasonError && !(error instanceof InputError)) {
    return error;
  }
  // JSONata throws plain objects with `code` and `message`, not Error instances.
  const message = error instanceof Error ? error.message : (details.message ?? errorMessage(error));
  if (error instanceof InputError || code !== undefined) {
    return new InputError(`expression ${quoteExpression(source)} failed${where}: ${message}`, error instanceof InputError ? error.location : {}, { cause: error });
  }
  return new InternalError(`expression ${quoteExpression(source)} failed${where}: ${message}`, { cause: error });
}

/** The error for an evaluation that ran past its time limit. */
export function timeoutError(source: string, limits: ExpressionLimits): InputError {
  return new InputError(
    `expression ${quoteExpression(source)} did not finish within its time limit of ${limits.timeoutMs} ms; look for a loop or recursion that never ends`,
  );
}

function innermostCode(error: unknown): string | undefined {
  let current = error as JsonataErrorShape | undefined;
  let code: string | undefined;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 10; depth++) {
    if (typeof current.code === 'string') {
      code = current.code;
    }
    if (current.code !== EVAL_CODE) {
      break;
    }
    current = current.error as JsonataErrorShape | undefined;
  }
  return code;
}
