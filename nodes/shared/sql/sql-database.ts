/**
 * One connection to an SQLite file or a PostgreSQL server, behind the small interface that
 * sql.query and sql.upsert need. Statements use the driver's placeholders; see
 * named-parameters.ts for turning `:name` into them, and open-sql-database.ts for opening one.
 */
import type { PlaceholderStyle } from './named-parameters.js';

export type SqlDriver = 'sqlite' | 'postgres';
export type SqlRow = Record<string, unknown>;

export interface SqlDatabase {
  readonly driver: SqlDriver;
  readonly placeholderStyle: PlaceholderStyle;
  /** Location of the data, for ledger targets and messages: the SQLite file's path, or `host:port/database`. Never contains a password. */
  readonly location: string;
  /** Runs one statement and returns its rows (none for statements that return no rows). Values are already converted. */
  query(text: string, values: readonly unknown[]): Promise<SqlRow[]>;
  /** Runs a query and yields its rows in pages of at most `pageSize`, holding only one page in memory. */
  stream(text: string, values: readonly unknown[], pageSize: number): AsyncGenerator<SqlRow[]>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** SQLite only: fail when the file does not exist instead of creating an empty database. */
  mustExist: boolean;
}
