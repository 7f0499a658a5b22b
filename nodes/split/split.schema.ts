import { Type, type Static } from '../../engine/sdk/index.js';

export const SPLIT_EMPTY_MODES = ['skip', 'fail'] as const;

export const SplitConfigSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'Dotted path of the array to split, such as document.items.' }),
    target: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Dotted path that receives each element. Without it, the fields of each element become the fields of the new record.',
      }),
    ),
    include: Type.Optional(
      Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), {
        description: 'Fields copied from the input record into every new record: output field to dotted input path, such as { "catalog": "document.header.catalogNumber" }.',
      }),
    ),
    positionField: Type.Optional(Type.String({ minLength: 1, description: "Dotted path that receives each element's position in the array, counted from 1." })),
    lineField: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "Dotted path inside each element whose whole number becomes the new record's origin line, such as sourceLine, which x12.read and edifact.read give every loop item. Without it, or where an element has no such number, the new record keeps the input's line.",
      }),
    ),
    whenEmpty: Type.Optional(
      Type.Union(
        SPLIT_EMPTY_MODES.map((mode) => Type.Literal(mode)),
        { description: 'skip (default): a record whose array is missing or empty makes no records. fail: it goes to the error port.' },
      ),
    ),
  },
  { additionalProperties: false },
);

export type SplitConfig = Static<typeof SplitConfigSchema>;
