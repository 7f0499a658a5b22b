/**
 * JSONata expressions for map, validate and route nodes. An expression sees the record's data as
 * `$`, the envelope as `$key`, `$origin` and `$errors`, the flow parameters as `$params`, and
 * Flowmason's function library. It sees nothing of the process.
 */
import jsonata from 'jsonata';
import { InputError } from '../errors.js';
import type { CompiledExpression, ExpressionCompiler } from '../sdk/node-kind.js';
import type { FlowRecord } from '../records.js';

export interface ExpressionCompilerOptions {
  params: Readonly<Record<string, unknown>>;
}

export function createExpressionCompiler(options: ExpressionCompilerOptions): ExpressionCompiler {
  return {
    compile(source: string): CompiledExpression {
      let expression: jsonata.Expression;
      try {
        expression = jsonata(source);
      } catch (error) {
        throw new InputError(describeJsonataError(source, error));
      }
      return {
        source,
        async evaluate(record: FlowRecord): Promise<unknown> {
          const bindings = { key: record.key, origin: record.origin, errors: record.errors ?? [], params: options.params };
          return expression.evaluate(record.data, bindings);
        },
      };
    },
  };
}

interface JsonataError {
  message?: string;
  position?: number;
  token?: string;
}

/** Describes a JSONata syntax error with the column it is at. */
export function describeJsonataError(source: string, error: unknown): string {
  const details = error as JsonataError;
  const message = details.message ?? String(error);
  if (typeof details.position === 'number') {
    return `invalid JSONata at column ${details.position}: ${message} (in '${source}')`;
  }
  return `invalid JSONata: ${message} (in '${source}')`;
}
