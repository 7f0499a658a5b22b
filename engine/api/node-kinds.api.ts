/** The node kinds the engine host can run, as the palette and the inspector need them. */
import { Type, type Static } from '@sinclair/typebox';
import { NODE_CATEGORIES } from '../sdk/node-kind.js';
import type { ApiMethodTable } from './method-table.js';

export const NodeCategorySchema = Type.Union(NODE_CATEGORIES.map((category) => Type.Literal(category)));

export const NodeKindInfoSchema = Type.Object({
  type: Type.String(),
  version: Type.Integer(),
  category: NodeCategorySchema,
  title: Type.String(),
  description: Type.String(),
  /** JSON Schema of the node's `config`. Fields may carry an `x-editor` hint: `jsonata`, `json-schema` or `json`. */
  configSchema: Type.Record(Type.String(), Type.Unknown()),
  defaultConfig: Type.Unknown(),
  hasInput: Type.Boolean(),
  /** Output ports for the default config, `error` included. */
  defaultOutputs: Type.Array(Type.String()),
});
export type NodeKindInfo = Static<typeof NodeKindInfoSchema>;

export const NODE_KIND_METHODS = {
  listNodeKinds: {
    request: Type.Object({}),
    response: Type.Object({ kinds: Type.Array(NodeKindInfoSchema) }),
  },
  /** Output ports of a node of `type` with `config`, `error` included; the ports of some kinds (route) depend on config. */
  getNodeOutputs: {
    request: Type.Object({ type: Type.String({ minLength: 1 }), config: Type.Unknown() }),
    response: Type.Object({ ports: Type.Array(Type.String()) }),
  },
} as const satisfies ApiMethodTable;
