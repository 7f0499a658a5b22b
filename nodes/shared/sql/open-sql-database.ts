import type { NodeContext } from '../../../engine/sdk/index.js';
import { openPostgresDatabase } from './postgres-database.js';
import { connectionSettings, type SqlConnection } from './sql-connection.schema.js';
import type { OpenOptions, SqlDatabase } from './sql-database.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** Opens a connection. Throws an InputError for a bad path, URL or credentials and a TransientError when the server cannot be reached. */
export async function openSqlDatabase(connection: SqlConnection, context: NodeContext, options: OpenOptions): Promise<SqlDatabase> {
  const settings = connectionSettings(connection);
  if (settings.driver === 'sqlite') {
    return openSqliteDatabase(context.resolvePath(settings.path), options);
  }
  return openPostgresDatabase(settings.url, settings.password);
}
