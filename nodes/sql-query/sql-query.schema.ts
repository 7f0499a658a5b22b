import { Type, type Static } from '../../engine/sdk/index.js';
import { SqlConnectionSchema, ValueSourceSchema } from '../shared/sql/sql-connection.schema.js';

export const SqlQueryConfigSchema = Type.Object(
  {
    connection: SqlConnectionSchema,
    role: Type.Optional(
      Type.Union([Type.Literal('source'), Type.Literal('enrich')], {
        description: 'source (default): run the query once and emit a record per row. enrich: run it for each input record and merge the rows into the record.',
      }),
    ),
    query: Type.String({ minLength: 1, description: 'SQL with named parameters such as :since; values are always bound, never written into the text.' }),
    parameters: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), ValueSourceSchema, {
        description: 'Value of each named parameter: { "value": ... } (a constant or a { "$param": ... } reference), { "field": "sku" } (enrich only) or { "expression": "..." }.',
      }),
    ),
    keyColumn: Type.Optional(Type.String({ minLength: 1, description: 'source: the column that holds each row’s business key.' })),
    fetchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'source: rows fetched from the database at a time (default: the run’s batch size).' })),
    target: Type.Optional(
      Type.String({ description: 'enrich: dotted path where the result goes, such as erp. Empty or absent: the first row’s columns are merged into the record.' }),
    ),
    rows: Type.Optional(
      Type.Union([Type.Literal('first'), Type.Literal('all')], { description: 'enrich: first (default) takes the first row, or null; all takes every row as a list and needs target.' }),
    ),
    required: Type.Optional(Type.Boolean({ description: 'enrich: a record whose query returns no row fails (default false).' })),
  },
  { additionalProperties: false },
);

export type SqlQueryConfig = Static<typeof SqlQueryConfigSchema>;
