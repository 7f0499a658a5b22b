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
  ],
  { description: 'The database: { "driver": "sqlite", "path": ... } or { "driver": "postgres", "url": ... }.' },
);

export type SqlConnection = Static<typeof SqlConnectionSchema>;

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
