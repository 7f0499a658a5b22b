/**
 * The flow file format (`*.flow.json`), declared once with TypeBox: the JSON Schema shipped as
 * `flow-file.schema.json` and the TypeScript types below both come from these declarations.
 */
import { Type, type Static } from '@sinclair/typebox';

/** The format version this engine writes. Older files are upgraded on load by `migrateFlow`. */
export const CURRENT_FORMAT_VERSION = 1;

/** Node and parameter ids: a letter, then letters, digits, `_` or `-`. Never derived from a name. */
export const ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

/** A duration as milliseconds, or a string such as `500ms`, `2s`, `1.5m`, `1h`. */
export const DurationSchema = Type.Union([
  Type.Number({ minimum: 0 }),
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$' }),
]);

export const RetryPolicySchema = Type.Object(
  {
    maximumAttempts: Type.Optional(Type.Integer({ minimum: 1, description: 'Attempts in all, the first one included. 1 means no retry.' })),
    initialInterval: Type.Optional(DurationSchema),
    backoffCoefficient: Type.Optional(Type.Number({ minimum: 1 })),
    maximumInterval: Type.Optional(DurationSchema),
    jitter: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Fraction of each delay drawn at random, 0 to 1.' })),
    nonRetryableErrors: Type.Optional(Type.Array(Type.String(), { description: 'Error class names that go to the dead letters without a retry.' })),
  },
  { additionalProperties: false },
);

export const ParameterSchema = Type.Object(
  {
    type: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean'), Type.Literal('path')]),
    default: Type.Optional(Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
    description: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PositionSchema = Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false });

export const FlowNodeSchema = Type.Object(
  {
    id: Type.String({ pattern: ID_PATTERN }),
    type: Type.String({ minLength: 1 }),
    typeVersion: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    config: Type.Record(Type.String(), Type.Unknown()),
    retry: Type.Optional(RetryPolicySchema),
    onError: Type.Optional(
      Type.Union([Type.Literal('continue'), Type.Literal('fail-run')], {
        description: 'continue (default): a failed record goes to the error port or the dead letters. fail-run: the first failure fails the run.',
      }),
    ),
    position: PositionSchema,
  },
  { additionalProperties: false },
);

export const EndpointSchema = Type.Object(
  { node: Type.String({ minLength: 1 }), port: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const FlowEdgeSchema = Type.Object({ from: EndpointSchema, to: EndpointSchema }, { additionalProperties: false });

export const FlowFileSchema = Type.Object(
  {
    formatVersion: Type.Literal(CURRENT_FORMAT_VERSION),
    id: Type.String({ pattern: ID_PATTERN }),
    name: Type.String(),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Record(Type.String({ pattern: ID_PATTERN }), ParameterSchema)),
    nodes: Type.Array(FlowNodeSchema),
    edges: Type.Array(FlowEdgeSchema),
  },
  {
    additionalProperties: false,
    $id: 'https://flowmason.dev/schemas/flow-file-1.json',
    title: 'Flowmason flow file',
  },
);

export type FlowDocument = Static<typeof FlowFileSchema>;
export type FlowNode = Static<typeof FlowNodeSchema>;
export type FlowEdge = Static<typeof FlowEdgeSchema>;
export type FlowParameter = Static<typeof ParameterSchema>;
export type RetryPolicy = Static<typeof RetryPolicySchema>;
export type Duration = Static<typeof DurationSchema>;
