/** Builds small flow documents for tests: nodes as `[id, type, config]`, edges as `'from.port -> to'`. */
import type { FlowDocument, FlowNode } from '../../engine/flow/flow-schema.js';

export function buildFlow(
  nodes: readonly (readonly [string, string, Record<string, unknown>, Partial<FlowNode>?])[],
  edges: readonly string[],
  extra: Partial<FlowDocument> = {},
): FlowDocument {
  return {
    formatVersion: 1,
    id: 'test-flow',
    name: 'Test flow',
    nodes: nodes.map(([id, type, config, more], index) => ({
      id,
      type,
      typeVersion: 1,
      name: id,
      config,
      position: { x: index * 200, y: 0 },
      ...more,
    })),
    edges: edges.map((edge) => {
      const match = /^\s*([\w-]+)\.([\w-]+)\s*->\s*([\w-]+)(?:\.([\w-]+))?\s*$/.exec(edge);
      if (match === null) {
        throw new Error(`edge '${edge}' is not 'from.port -> to'`);
      }
      return { from: { node: match[1]!, port: match[2]! }, to: { node: match[3]!, port: match[4] ?? 'in' } };
    }),
    ...extra,
  };
}
