import { Type, type Static } from '../../../engine/sdk/index.js';

/** The database sql.query and sql.upsert connect to: an SQLite file or a PostgreSQL server. */
export const SqlConnectionSchema = Type.Union(
  [
    Type.Object(
      {
        driver: Type.Literal('sqlite'),
        path: Type.String({ minLength: 1, description: 'SQLite database file; a relative path is resolved against the flow file’s folder.' }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        driver: Type.Literal('postgres'),
        url: Type.String({
          minLength: 1,
          description: 'postgres://user@host:port/database, optionally with ?sslmode=disable|require|verify-full. Give it as { "$secret": "name" } when it contains the password.',
        }),
        password: Type.Optional(Type.String({ description: 'The password, when the URL has none; give it as { "$secret": "name" }.' })),
      },
      { additionalProperties: false },
    ),
    Type.String({
      pattern: '^(sqlite:.+|postgres(ql)?://.+)$',
      description:
        'A connection URL: sqlite:PATH (relative to the flow file’s folder) or postgres://user@host:port/database. One text value, so a flow parameter can choose the database.',
    }),
  ],
  { description: 'The database: { "driver": "sqlite", "path": ... }, { "driver": "postgres", "url": ... }, or a connection URL such as sqlite:erp.db.' },
);

export type SqlConnection = Static<typeof SqlConnectionSchema>;

/** A connection in its object form, as {@link connectionSettings} returns it. */
export type SqlConnectionSettings = Exclude<SqlConnection, string>;

/**
 * Turns a connection URL into the object form: `sqlite:PATH` gives the SQLite file and any
 * postgres:// or postgresql:// URL the server. The object forms come back as they are.
 */
export function connectionSettings(connection: SqlConnection): SqlConnectionSettings {
  if (typeof connection !== 'string') {
    return connection;
  }
  if (connection.startsWith('sqlite:')) {
    return { driver: 'sqlite', path: connection.slice('sqlite:'.length) };
  }
  return { driver: 'postgres', url: connection };
}

/**
 * The source of a parameter or column value: a constant (which may be a `{ "$param": ... }`
 * reference), a field of the record, or a JSONata expression over the record.
 */
export const ValueSourceSchema = Type.Union([
  Type.Object({ value: Type.Unknown() }, { additionalProperties: false }),
  Type.Object({ field: Type.String({ minLength: 1, description: 'Dotted path of a field of the record, such as erp.sku.' }) }, { additionalProperties: false }),
  Type.Object({ expression: Type.String({ minLength: 1, description: 'JSONata expression evaluated against the record.' }) }, { additionalProperties: false }),
]);

export type ValueSource = Static<typeof ValueSourceSchema>;
