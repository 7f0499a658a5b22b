import { defineNodeKind, type CheckContext, type ConfigProblem } from '../../engine/sdk/index.js';
import { fieldPathProblems, throwFirstProblem } from '../shared/config-problems.js';
import { openSqlDatabase } from '../shared/sql/open-sql-database.js';
import { identifierProblem, tableNameProblem } from '../shared/sql/sql-identifiers.js';
import { SqlUpsertConfigSchema, type SqlUpsertConfig } from './sql-upsert.schema.js';
import { SqlUpserter } from './sql-upserter.js';
import { createTableStatement } from './upsert-statements.js';

/** Inserts or updates records as rows of an SQLite or PostgreSQL table, by business key. */
export const sqlUpsertNode = defineNodeKind({
  type: 'sql.upsert',
  version: 1,
  category: 'connector',
  title: 'SQL upsert',
  description: 'Writes records into an SQLite or PostgreSQL table by business key: new keys are inserted, known keys updated, one transaction per batch.',
  configSchema: SqlUpsertConfigSchema,
  defaultConfig: { connection: { driver: 'sqlite', path: '' }, table: '', keyColumns: [], columns: [] },
  hasInput: true,
  outputs: () => ['out', 'unchanged'],
  check: checkConfig,
  async create(config, context) {
    throwFirstProblem(checkConfig(config, context));
    const createTable = config.createTable ?? false;
    const database = await openSqlDatabase(config.connection, context, { mustExist: !createTable });
    try {
      const upserter = new SqlUpserter(config, database, context);
      if (createTable) {
        await database.query(createTableStatement(config, database.driver), []);
      }
      return upserter;
    } catch (error) {
      await database.close();
      throw error;
    }
  },
});

function checkConfig(config: SqlUpsertConfig, context: CheckContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const tableProblem = tableNameProblem(config.table);
  if (tableProblem !== undefined) {
    problems.push({ field: 'table', message: tableProblem });
  }
  const seen = new Set<string>();
  config.columns.forEach((mapping, index) => {
    const problem = identifierProblem(mapping.column, 'column');
    if (problem !== undefined) {
      problems.push({ field: `columns.${index}.column`, message: problem });
    }
    if (seen.has(mapping.column)) {
      problems.push({ field: `columns.${index}.column`, message: `column '${mapping.column}' is mapped twice` });
    }
    seen.add(mapping.column);
    const sources = [mapping.field, mapping.expression, 'value' in mapping ? mapping.value : undefined].filter((source) => source !== undefined);
    if (sources.length > 1) {
      problems.push({ field: `columns.${index}`, message: 'give at most one of field, expression and value' });
    }
    if (mapping.expression !== undefined) {
      try {
        context.expressions.compile(mapping.expression);
      } catch (error) {
        problems.push({ field: `columns.${index}.expression`, message: (error as Error).message });
      }
    }
  });
  problems.push(...fieldPathProblems(config.columns.map((mapping, index) => [`columns.${index}.field`, mapping.field] as const)));
  config.keyColumns.forEach((column, index) => {
    if (!seen.has(column)) {
      problems.push({ field: `keyColumns.${index}`, message: `key column '${column}' is not among the mapped columns` });
    }
  });
  return problems;
}
