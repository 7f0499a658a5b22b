/** {@link SqlDatabase} on an SQLite file through better-sqlite3, whose calls are synchronous. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../../../engine/sdk/index.js';
import type { OpenOptions, SqlDatabase, SqlRow } from './sql-database.js';
import { toRecordValues } from './sql-values.js';

/** Prepared statements kept per connection; flows use a handful, so this only guards against runaway growth. */
const STATEMENT_CACHE_LIMIT = 100;

export function openSqliteDatabase(path: string, options: OpenOptions): SqlDatabase {
  if (options.mustExist && !existsSync(path)) {
    throw new InputError(`SQLite database ${path} does not exist`, { file: path });
  }
  let database: Database.Database;
  try {
    if (!options.mustExist) {
      // A node that may create the file may create its folder too, as the file writers do.
      mkdirSync(dirname(path), { recursive: true });
    }
    database = new Database(path, { fileMustExist: options.mustExist });
  } catch (error) {
    throw new InputError(`SQLite database ${path} cannot be opened: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  const statements = new Map<string, Database.Statement>();
  const prepare = (text: string): Database.Statement => {
    let statement = statements.get(text);
    if (statement === undefined) {
      if (statements.size >= STATEMENT_CACHE_LIMIT) {
        statements.clear();
      }
      statement = database.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };

  return {
    driver: 'sqlite',
    placeholderStyle: 'question',
    location: path,
    async query(text, values) {
      const statement = prepare(text);
      if (!statement.reader) {
        statement.run(...values);
        return [];
      }
      return (statement.all(...values) as SqlRow[]).map(toRecordValues);
    },
    async *stream(text, values, pageSize) {
      const statement = prepare(text);
      const rows = statement.iterate(...values) as IterableIterator<SqlRow>;
      try {
        let page: SqlRow[] = [];
        for (const row of rows) {
          page.push(toRecordValues(row));
          if (page.length >= pageSize) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) {
          yield page;
        }
      } finally {
        rows.return?.();
      }
    },
    async close() {
      database.close();
    },
  };
}
