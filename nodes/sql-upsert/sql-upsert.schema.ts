import { Type, type Static } from '../../engine/sdk/index.js';
import { SqlConnectionSchema } from '../shared/sql/sql-connection.schema.js';

export const COLUMN_TYPES = ['text', 'integer', 'real', 'numeric', 'boolean', 'json', 'timestamp'] as const;

export const ColumnMappingSchema = Type.Object(
  {
    column: Type.String({ minLength: 1, description: 'Column name: letters, digits and underscores.' }),
    field: Type.Optional(Type.String({ minLength: 1, description: 'Dotted path of the record field written to the column; default: the column name.' })),
    expression: Type.Optional(Type.String({ minLength: 1, description: 'JSONata expression over the record, instead of field.' })),
    value: Type.Optional(Type.Unknown({ description: 'A constant, instead of field (a { "$param": ... } reference works here).' })),
    type: Type.Optional(
      Type.Union(
        COLUMN_TYPES.map((type) => Type.Literal(type)),
        { description: 'Column type for createTable (default text).' },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SqlUpsertConfigSchema = Type.Object(
  {
    connection: SqlConnectionSchema,
    table: Type.String({ minLength: 1, description: 'Table name, or schema.table.' }),
    keyColumns: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'Columns that identify a row: the business key. The table needs a primary key or unique constraint on exactly these columns.',
    }),
    columns: Type.Array(ColumnMappingSchema, { minItems: 1, description: 'Columns written, in order, with where each value comes from.' }),
    createTable: Type.Optional(Type.Boolean({ description: 'Create the table, with the key columns as primary key, when it does not exist (default false).' })),
    skipUnchanged: Type.Optional(
      Type.Boolean({ description: 'Skip a record whose key and content this table already received, as the ledger shows (default true).' }),
    ),
  },
  { additionalProperties: false },
);

export type SqlUpsertConfig = Static<typeof SqlUpsertConfigSchema>;
export type ColumnMapping = Static<typeof ColumnMappingSchema>;
export type ColumnType = (typeof COLUMN_TYPES)[number];
