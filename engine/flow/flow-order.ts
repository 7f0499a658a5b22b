import type { FlowDocument, FlowNode } from './flow-schema.js';

/**
 * Returns the nodes in the order records reach them: every node after all the nodes with an edge
 * into it. The walk goes depth first, so a branch is listed to its end before the next branch
 * starts; among nodes that become ready together, the one listed first in the file (which the
 * canonical writer sorts by id) comes first. Step tables in the CLI and the designer use this
 * order, so they read from sources to sinks. Nodes on a cycle, which a valid flow has none of,
 * come last.
 */
export function nodesInFlowOrder(flow: FlowDocument): FlowNode[] {
  const position = new Map(flow.nodes.map((node, index) => [node.id, index]));
  const incoming = new Map(flow.nodes.map((node) => [node.id, 0]));
  for (const edge of flow.edges) {
    if (position.has(edge.to.node) && position.has(edge.from.node)) {
      incoming.set(edge.to.node, (incoming.get(edge.to.node) ?? 0) + 1);
    }
  }
  const byFileOrder = (a: FlowNode, b: FlowNode): number => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0);
  const ordered: FlowNode[] = [];
  const placed = new Set<string>();
  // The next node to place is on top of the stack, so nodes are pushed in reverse file order.
  const stack = flow.nodes.filter((node) => incoming.get(node.id) === 0).reverse();
  while (stack.length > 0) {
    const node = stack.pop() as FlowNode;
    ordered.push(node);
    placed.add(node.id);
    const nowReady: FlowNode[] = [];
    for (const edge of flow.edges) {
      if (edge.from.node !== node.id || !position.has(edge.to.node)) {
        continue;
      }
      const remaining = (incoming.get(edge.to.node) ?? 0) - 1;
      incoming.set(edge.to.node, remaining);
      if (remaining === 0) {
        nowReady.push(flow.nodes[position.get(edge.to.node) as number] as FlowNode);
      }
    }
    stack.push(...nowReady.sort(byFileOrder).reverse());
  }
  return [...ordered, ...flow.nodes.filter((node) => !placed.has(node.id))];
}
