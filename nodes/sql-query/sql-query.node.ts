import { defineNodeKind, type CheckContext, type ConfigProblem } from '../../engine/sdk/index.js';
import { fieldPathProblems, throwFirstProblem } from '../shared/config-problems.js';
import { openSqlDatabase } from '../shared/sql/open-sql-database.js';
import { parameterNames } from '../shared/sql/named-parameters.js';
import { prepareQuery } from './query-parameters.js';
import { SqlEnricher } from './sql-enricher.js';
import { SqlQueryConfigSchema, type SqlQueryConfig } from './sql-query.schema.js';
import { SqlSource } from './sql-source.js';

/** Reads rows from SQLite or PostgreSQL, as a source or to enrich each input record. */
export const sqlQueryNode = defineNodeKind({
  type: 'sql.query',
  version: 1,
  category: 'connector',
  title: 'SQL query',
  description: 'Runs a parameterised SQL query on SQLite or PostgreSQL: as a source (one record per row, streamed) or per input record to enrich it.',
  configSchema: SqlQueryConfigSchema,
  defaultConfig: { connection: { driver: 'sqlite', path: '' }, query: '' },
  hasInput: false,
  takesInput: (config) => config.role === 'enrich',
  outputs: () => ['out'],
  check: checkConfig,
  async create(config, context) {
    throwFirstProblem(checkConfig(config, context));
    const database = await openSqlDatabase(config.connection, context, { mustExist: true });
    try {
      const query = prepareQuery(config, database, context.expressions);
      if (config.role === 'enrich') {
        return new SqlEnricher(database, query, { target: config.target ?? '', rows: config.rows ?? 'first', required: config.required ?? false }, context);
      }
      return new SqlSource(database, query, config.keyColumn, config.fetchSize ?? context.batchSize, context);
    } catch (error) {
      await database.close();
      throw error;
    }
  },
});

function checkConfig(config: SqlQueryConfig, context: CheckContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const role = config.role ?? 'source';
  for (const name of parameterNames(config.query)) {
    const spec = config.parameters?.[name];
    if (spec === undefined) {
      problems.push({ field: 'parameters', message: `the query uses parameter :${name}, which parameters does not define` });
    } else if ('field' in spec && role === 'source') {
      problems.push({ field: `parameters.${name}`, message: 'a source has no input record, so a parameter cannot come from a field; use value or expression' });
    } else if ('expression' in spec) {
      try {
        context.expressions.compile(spec.expression);
      } catch (error) {
        problems.push({ field: `parameters.${name}.expression`, message: (error as Error).message });
      }
    }
  }
  if (role === 'enrich' && config.rows === 'all' && (config.target ?? '') === '') {
    problems.push({ field: 'target', message: 'rows "all" puts a list of rows into the record, so it needs a target field' });
  }
  const fields = Object.entries(config.parameters ?? {}).map(([name, spec]) => [`parameters.${name}.field`, 'field' in spec ? spec.field : undefined] as const);
  problems.push(...fieldPathProblems([['target', config.target], ...fields]));
  if (role === 'enrich' && config.keyColumn !== undefined) {
    problems.push({ field: 'keyColumn', message: 'keyColumn applies to a source; an enrichment keeps each record’s key' });
  }
  return problems;
}
