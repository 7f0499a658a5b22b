/**
 * The query and its parameters, prepared once per node: named parameters rewritten to the
 * driver's placeholders and each parameter's value source compiled.
 */
import { InputError, type ExpressionCompiler, type FlowRecord } from '../../engine/sdk/index.js';
import { compileNamedParameters } from '../shared/sql/named-parameters.js';
import type { SqlDatabase } from '../shared/sql/sql-database.js';
import { toSqlValue } from '../shared/sql/sql-values.js';
import { compileValueSpec, type ValueReader } from '../shared/value-source.js';
import type { SqlQueryConfig } from './sql-query.schema.js';

export interface PreparedQuery {
  text: string;
  /** Returns the values to bind for one record, in placeholder order. */
  values(record: FlowRecord): Promise<unknown[]>;
}

export function prepareQuery(config: SqlQueryConfig, database: SqlDatabase, expressions: ExpressionCompiler): PreparedQuery {
  const compiled = compileNamedParameters(config.query, database.placeholderStyle);
  const readers = new Map<string, ValueReader>();
  for (const name of compiled.names) {
    const spec = config.parameters?.[name];
    if (spec === undefined) {
      throw new InputError(`the query uses parameter :${name}, which parameters does not define`, { field: 'parameters' });
    }
    if (!readers.has(name)) {
      readers.set(name, compileValueSpec(spec, `parameter '${name}'`, expressions));
    }
  }
  return {
    text: compiled.text,
    async values(record) {
      const values: unknown[] = [];
      for (const name of compiled.names) {
        values.push(toSqlValue(await (readers.get(name) as ValueReader)(record), database.driver));
      }
      return values;
    },
  };
}
