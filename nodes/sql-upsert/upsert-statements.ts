/**
 * The SQL that sql.upsert runs, built from validated, double-quoted identifiers only: the
 * `INSERT ... ON CONFLICT ... DO UPDATE` per row and the optional `CREATE TABLE IF NOT EXISTS`.
 * Record values are never part of the text; they are bound to placeholders.
 */
import { quoteIdentifier, quoteTable } from '../shared/sql/sql-identifiers.js';
import type { SqlDriver } from '../shared/sql/sql-database.js';
import type { ColumnMapping, ColumnType, SqlUpsertConfig } from './sql-upsert.schema.js';

/** Column types per driver. SQLite has no boolean or timestamp type, so they are stored as its INTEGER and TEXT. */
const SQL_TYPES: Record<ColumnType, Record<SqlDriver, string>> = {
  text: { sqlite: 'TEXT', postgres: 'TEXT' },
  integer: { sqlite: 'INTEGER', postgres: 'BIGINT' },
  real: { sqlite: 'REAL', postgres: 'DOUBLE PRECISION' },
  numeric: { sqlite: 'NUMERIC', postgres: 'NUMERIC' },
  boolean: { sqlite: 'INTEGER', postgres: 'BOOLEAN' },
  json: { sqlite: 'TEXT', postgres: 'JSONB' },
  timestamp: { sqlite: 'TEXT', postgres: 'TIMESTAMPTZ' },
};

/** Returns the upsert of one row; its placeholders follow the order of `config.columns`. */
export function upsertStatement(config: SqlUpsertConfig, driver: SqlDriver): string {
  const columns = config.columns.map((mapping) => quoteIdentifier(mapping.column, 'column'));
  const placeholders = config.columns.map((_mapping, index) => (driver === 'postgres' ? `$${index + 1}` : '?'));
  const keys = config.keyColumns.map((column) => quoteIdentifier(column, 'key column'));
  const updates = config.columns
    .filter((mapping) => !config.keyColumns.includes(mapping.column))
    .map((mapping) => `${quoteIdentifier(mapping.column)} = excluded.${quoteIdentifier(mapping.column)}`);
  const onConflict = updates.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${updates.join(', ')}`;
  return `INSERT INTO ${quoteTable(config.table)} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ON CONFLICT (${keys.join(', ')}) ${onConflict}`;
}

/** Returns `CREATE TABLE IF NOT EXISTS` with the mapped columns and the key columns as primary key. */
export function createTableStatement(config: SqlUpsertConfig, driver: SqlDriver): string {
  const columns = config.columns.map((mapping: ColumnMapping) => {
    const notNull = config.keyColumns.includes(mapping.column) ? ' NOT NULL' : '';
    return `${quoteIdentifier(mapping.column, 'column')} ${SQL_TYPES[mapping.type ?? 'text'][driver]}${notNull}`;
  });
  const key = config.keyColumns.map((column) => quoteIdentifier(column, 'key column')).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${quoteTable(config.table)} (${columns.join(', ')}, PRIMARY KEY (${key}))`;
}
