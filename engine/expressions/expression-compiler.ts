/**
 * JSONata expressions for map, validate and route nodes. An expression reads the record's data as
 * `$`, the envelope as `$key`, `$origin` and `$errors`, the flow parameters as `$params`, and may
 * call JSONata's built-in functions and Flowmason's function library. Nothing else of the process
 * is reachable, because JSONata reads only own properties of its input and has no way to name
 * JavaScript globals.
 *
 * Every evaluation runs under limits (time, nesting depth, sequence length) that JSONata 2.x
 * checks at each evaluation step, through the `timeout`, `stack` and `sequence` options of
 * `jsonata()`. A step JSONata cannot interrupt (one native call on a huge array) is caught when it
 * returns: an evaluation that took longer than its limit fails as a timeout.
 */
import jsonata from 'jsonata';
import { InputError, InternalError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import type { CodeTables, CompileOptions, CompiledExpression, ExpressionCompiler } from '../sdk/node-kind.js';
import { describeJsonataError, evaluationError, quoteExpression, timeoutError, type ExpressionLimits } from './expression-errors.js';
import { findReferenceProblems } from './expression-references.js';
import { registerFunctionLibrary } from './function-library.js';
import { isJsonataFunction } from './truthiness.js';

export { describeJsonataError, type ExpressionLimits } from './expression-errors.js';

/**
 * Limits unless the compiler or the node sets others. One second is far above what a mapping or
 * rule needs (microseconds) and short enough that a runaway expression fails its record quickly.
 * A depth of 3000 steps allows roughly 1000 levels of recursion.
 */
export const DEFAULT_EXPRESSION_LIMITS: Readonly<ExpressionLimits> = { timeoutMs: 1000, maxDepth: 3000, maxSequenceLength: 1_000_000 };

export interface ExpressionCompilerOptions {
  params: Readonly<Record<string, unknown>>;
  /** Overrides of {@link DEFAULT_EXPRESSION_LIMITS} for every expression this compiler makes. */
  limits?: Partial<ExpressionLimits>;
}

const NO_TABLES: CodeTables = new Map();

export function createExpressionCompiler(options: ExpressionCompilerOptions): ExpressionCompiler {
  const baseLimits = checkLimits({ ...DEFAULT_EXPRESSION_LIMITS, ...options.limits });
  return {
    compile(source: string, compileOptions: CompileOptions = {}): CompiledExpression {
      const limits = compileOptions.timeoutMs === undefined ? baseLimits : checkLimits({ ...baseLimits, timeoutMs: compileOptions.timeoutMs });
      const tables = compileOptions.codeTables ?? NO_TABLES;
      const expression = parse(source, limits);
      const problems = findReferenceProblems(source, expression.ast(), tables);
      if (problems.length > 0) {
        throw new InputError(problems.join('; '));
      }
      registerFunctionLibrary(expression, tables);
      return new BoundExpression(source, expression, limits, options.params);
    },
  };
}

function parse(source: string, limits: ExpressionLimits): jsonata.Expression {
  if (source.trim() === '') {
    throw new InputError('the expression is empty');
  }
  try {
    return jsonata(source, { timeout: limits.timeoutMs, stack: limits.maxDepth, sequence: limits.maxSequenceLength });
  } catch (error) {
    throw new InputError(describeJsonataError(source, error));
  }
}

function checkLimits(limits: ExpressionLimits): ExpressionLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || (value as number) < 1) {
      throw new InternalError(`expression limit ${name} must be a positive integer; got ${String(value)}`);
    }
  }
  return limits;
}

/** A compiled expression with its limits and the flow's parameters. */
class BoundExpression implements CompiledExpression {
  constructor(
    readonly source: string,
    private readonly expression: jsonata.Expression,
    private readonly limits: ExpressionLimits,
    private readonly params: Readonly<Record<string, unknown>>,
  ) {}

  async evaluate(record: FlowRecord): Promise<unknown> {
    const bindings = { key: record.key, origin: record.origin, errors: record.errors ?? [], params: this.params };
    const started = Date.now();
    let result: unknown;
    try {
      result = await this.expression.evaluate(record.data, bindings);
    } catch (error) {
      throw evaluationError(this.source, error, this.limits, Date.now() - started);
    }
    if (Date.now() - started > this.limits.timeoutMs) {
      throw timeoutError(this.source, this.limits);
    }
    return toRecordValue(result, this.source);
  }
}

/**
 * Returns a JSONata result as plain JSON data: its sequences become ordinary arrays, and a
 * function anywhere in it fails the record, since no record may hold one. Parts that need no
 * change are returned as they are, without copying.
 */
function toRecordValue(value: unknown, source: string): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') {
      throw functionResultError(source);
    }
    return value;
  }
  if (isJsonataFunction(value)) {
    throw functionResultError(source);
  }
  if (Array.isArray(value)) {
    let changed = Object.prototype.hasOwnProperty.call(value, 'sequence');
    const items = value.map((item: unknown) => {
      const converted = toRecordValue(item, source);
      changed ||= converted !== item;
      return converted;
    });
    return changed ? items : value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const converted = toRecordValue(item, source);
    if (converted !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = converted;
    }
  }
  return copy ?? value;
}

function functionResultError(source: string): InputError {
  return new InputError(`expression ${quoteExpression(source)} returned a function; it must return data such as text, a number or an object`);
}
