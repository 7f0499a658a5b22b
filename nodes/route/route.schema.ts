/**
 * Config of the route node. A route is one flat object: a port and either a JSONata `condition`
 * or a `field` with one simple operator. `check` enforces the combinations.
 */
import { CodeTablesSchema, ID_PATTERN, ScalarSchema, Type, type Static } from '../../engine/sdk/index.js';

export const RouteSchema = Type.Object(
  {
    port: Type.String({ pattern: ID_PATTERN, description: 'Output port for matching records: a letter, then letters, digits, _ or -.' }),
    condition: Type.Optional(Type.String({ minLength: 1, description: 'JSONata; the record matches when the result is truthy.' })),
    field: Type.Optional(Type.String({ minLength: 1, description: 'Dotted path of the field a simple condition tests.' })),
    equals: Type.Optional(ScalarSchema),
    in: Type.Optional(Type.Array(ScalarSchema, { description: 'The field must equal one of these values.' })),
    matches: Type.Optional(Type.String({ description: 'The field must match this regular expression.' })),
    inTable: Type.Optional(Type.String({ minLength: 1, description: 'The field must be a code in this code table.' })),
  },
  { additionalProperties: false },
);

export const RouteConfigSchema = Type.Object(
  {
    routes: Type.Array(RouteSchema, { description: 'Routes, tested in order.' }),
    mode: Type.Optional(
      Type.Union([Type.Literal('first'), Type.Literal('all')], {
        description: 'first (default): a record goes to the first route it matches. all: to every route it matches.',
      }),
    ),
    codeTables: Type.Optional(CodeTablesSchema),
  },
  { additionalProperties: false },
);

export type RouteConfig = Static<typeof RouteConfigSchema>;
export type Route = Static<typeof RouteSchema>;
