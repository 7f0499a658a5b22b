/**
 * Questions about the shape of a flow's graph that the runtime and the operator commands ask.
 */
import type { FlowDocument } from './flow-schema.js';

/**
 * Returns, for every node, the ids of the nodes from which it can be reached along the edges,
 * itself included. A record that got to node Z in a run got past every node in Z's list.
 */
export function reachingNodes(flow: FlowDocument): Map<string, string[]> {
  const incoming = new Map<string, string[]>();
  for (const edge of flow.edges) {
    incoming.set(edge.to.node, [...(incoming.get(edge.to.node) ?? []), edge.from.node]);
  }
  const result = new Map<string, string[]>();
  for (const node of flow.nodes) {
    const seen = new Set<string>([node.id]);
    const queue = [node.id];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      for (const from of incoming.get(id) ?? []) {
        if (!seen.has(from)) {
          seen.add(from);
          queue.push(from);
        }
      }
    }
    result.set(node.id, [...seen].sort());
  }
  return result;
}
