/**
 * Config of the map node. A field is one flat object, which keeps the designer's form simple.
 * `check` enforces which settings combine, such as exactly one of source, value and expression.
 */
import { CodeTablesSchema, ScalarSchema, Type, type Static } from '../../engine/sdk/index.js';

export const CAST_TYPES = ['string', 'number', 'integer', 'boolean', 'date'] as const;
export type CastType = (typeof CAST_TYPES)[number];

export const MapFieldSchema = Type.Object(
  {
    target: Type.String({ minLength: 1, description: 'Dotted path of the output field, for example dimensions.weight. Nested objects are created.' }),
    source: Type.Optional(Type.String({ minLength: 1, description: 'Dotted path of the input field to copy, cast or look up.' })),
    value: Type.Optional(Type.Unknown({ description: 'A constant to set, any JSON value.' })),
    expression: Type.Optional(Type.String({ minLength: 1, description: 'A JSONata expression evaluated against the input record.' })),
    type: Type.Optional(Type.Union(CAST_TYPES.map((type) => Type.Literal(type)), { description: 'Cast the source value to this type.' })),
    decimalSeparator: Type.Optional(Type.Union([Type.Literal('.'), Type.Literal(',')], { description: "Decimal separator for number and integer casts; '.' when absent." })),
    trim: Type.Optional(Type.Boolean({ description: 'Trim spaces around a text source value before it is copied, cast or looked up.' })),
    lookup: Type.Optional(Type.String({ minLength: 1, description: 'Name of a code table to translate the source value through.' })),
    default: Type.Optional(ScalarSchema),
  },
  { additionalProperties: false },
);

export const MapKeySchema = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1, description: 'Dotted path of the input field that becomes the business key.' })),
    expression: Type.Optional(Type.String({ minLength: 1, description: 'A JSONata expression whose result becomes the business key.' })),
  },
  { additionalProperties: false },
);

export const MapConfigSchema = Type.Object(
  {
    fields: Type.Array(MapFieldSchema, { description: 'Output fields, set in this order.' }),
    keepUnmapped: Type.Optional(
      Type.Boolean({ description: 'Copy the input fields that no source names into the output before the mapped fields are set. False when absent.' }),
    ),
    codeTables: Type.Optional(CodeTablesSchema),
    key: Type.Optional(MapKeySchema),
  },
  { additionalProperties: false },
);

export type MapConfig = Static<typeof MapConfigSchema>;
export type MapField = Static<typeof MapFieldSchema>;
export type MapKey = Static<typeof MapKeySchema>;
