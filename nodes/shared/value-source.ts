/**
 * Values that connector configs take from a constant, a record field or a JSONata expression,
 * compiled once per node so that each record only pays for the evaluation.
 */
import { InputError, type ExpressionCompiler, type FlowRecord } from '../../engine/sdk/index.js';
import { getField } from './field-path.js';

/** A constant (after `$param` references are resolved), a dotted field path, or a JSONata expression. */
export type ValueSpec = { value: unknown } | { field: string } | { expression: string };

export type ValueReader = (record: FlowRecord) => Promise<unknown>;

/**
 * Compiles a value spec. `name` labels it in messages, such as `parameter 'since'`. Throws an
 * InputError for an expression with a syntax error, and the reader throws one when evaluation fails.
 */
export function compileValueSpec(spec: ValueSpec, name: string, expressions: ExpressionCompiler): ValueReader {
  if ('value' in spec) {
    const value = spec.value;
    return async () => value;
  }
  if ('field' in spec) {
    const path = spec.field;
    return async (record) => getField(record.data, path);
  }
  const source = spec.expression;
  let expression;
  try {
    expression = expressions.compile(source);
  } catch (error) {
    throw new InputError(`${name}: ${(error as Error).message}`, {}, { cause: error });
  }
  return async (record) => {
    try {
      return await expression.evaluate(record);
    } catch (error) {
      // The compiler's message already quotes the expression; this adds which setting it belongs to.
      if (error instanceof InputError) {
        throw new InputError(`${name}: ${error.message}`, error.location, { cause: error });
      }
      throw error;
    }
  };
}

/** Returns an empty record, for evaluating expressions in a source, which has no input record. `$params` is still available. */
export function emptyRecord(nodeId: string): FlowRecord {
  return { key: null, origin: { node: nodeId, index: 0 }, data: {} };
}
