/**
 * Edits of a flow document as pure functions: each returns a new document and leaves its input
 * untouched, so the document store can keep earlier versions for undo.
 */
import type { FlowDocument, FlowEdge, FlowNode, FlowParameter, NodeKindInfo } from '../../../engine/api/index.js';

export const INPUT_PORT = 'in';

/** Returns a stable key of an edge, used as the canvas edge id and in selections. */
export function edgeKey(edge: FlowEdge): string {
  return `${edge.from.node}:${edge.from.port}->${edge.to.node}:${edge.to.port}`;
}

export function emptyFlow(id = 'new-flow', name = 'New flow'): FlowDocument {
  return { formatVersion: 1, id, name, nodes: [], edges: [] };
}

/**
 * Returns a node id for a new node of `type` that no node in `taken` uses: the type with dots as
 * dashes, then a number (`csv-read-3`). Ids never come from names, so renaming never changes one.
 */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const base = type.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '') || 'node';
  for (let index = 1; ; index++) {
    const id = `${base}-${index}`;
    if (!taken.has(id)) {
      return id;
    }
  }
}

export function addNode(flow: FlowDocument, kind: NodeKindInfo, position: { x: number; y: number }): { flow: FlowDocument; nodeId: string } {
  const id = newNodeId(kind.type, new Set(flow.nodes.map((node) => node.id)));
  const node: FlowNode = {
    id,
    type: kind.type,
    typeVersion: kind.version,
    name: kind.title,
    config: structuredClone(kind.defaultConfig ?? {}) as Record<string, unknown>,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
  return { flow: { ...flow, nodes: [...flow.nodes, node] }, nodeId: id };
}

/** Removes nodes, the edges touching them, and the edges named by key. */
export function removeElements(flow: FlowDocument, nodeIds: readonly string[], edgeKeys: readonly string[]): FlowDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeKeys);
  return {
    ...flow,
    nodes: flow.nodes.filter((node) => !nodes.has(node.id)),
    edges: flow.edges.filter((edge) => !nodes.has(edge.from.node) && !nodes.has(edge.to.node) && !edges.has(edgeKey(edge))),
  };
}

/**
 * Removes the edge at `index` in the flow's edge list, and only that one: a duplicate edge has the
 * key of the edge it repeats. An index outside the list leaves the flow as it is.
 */
export function removeEdgeAt(flow: FlowDocument, index: number): FlowDocument {
  if (!Number.isInteger(index) || index < 0 || index >= flow.edges.length) {
    return flow;
  }
  return { ...flow, edges: flow.edges.filter((_edge, position) => position !== index) };
}

/** Returns why an edge cannot be added, or null when it can. */
export function edgeRejection(flow: FlowDocument, edge: FlowEdge): string | null {
  if (edge.from.node === edge.to.node) {
    return 'a node cannot connect to itself';
  }
  if (edge.to.port !== INPUT_PORT) {
    return `edges end at the input port '${INPUT_PORT}'`;
  }
  if (flow.edges.some((existing) => edgeKey(existing) === edgeKey(edge))) {
    return 'these ports are already connected';
  }
  return null;
}

export function addEdge(flow: FlowDocument, edge: FlowEdge): FlowDocument {
  if (edgeRejection(flow, edge) !== null) {
    return flow;
  }
  return { ...flow, edges: [...flow.edges, edge] };
}

export function moveNodes(flow: FlowDocument, positions: ReadonlyMap<string, { x: number; y: number }>): FlowDocument {
  return {
    ...flow,
    nodes: flow.nodes.map((node) => {
      const position = positions.get(node.id);
      return position === undefined ? node : { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } };
    }),
  };
}

export function updateNode(flow: FlowDocument, nodeId: string, change: (node: FlowNode) => FlowNode): FlowDocument {
  return { ...flow, nodes: flow.nodes.map((node) => (node.id === nodeId ? change(node) : node)) };
}

/** Sets the node's config; edges from ports the new config no longer has are kept, so validation shows them. */
export function setNodeConfig(flow: FlowDocument, nodeId: string, config: Record<string, unknown>): FlowDocument {
  return updateNode(flow, nodeId, (node) => ({ ...node, config }));
}

export function renameNode(flow: FlowDocument, nodeId: string, name: string): FlowDocument {
  return updateNode(flow, nodeId, (node) => ({ ...node, name }));
}

/** Node and parameter ids, as the flow file format allows them: a letter, then letters, digits, `_` or `-`. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Returns why `candidate` cannot become the id of node `nodeId`, or null when it can. */
export function nodeIdProblem(flow: FlowDocument, nodeId: string, candidate: string): string | null {
  if (candidate === '') {
    return 'an id is required';
  }
  if (!ID_PATTERN.test(candidate)) {
    return 'an id starts with a letter and has only letters, digits, - and _';
  }
  if (candidate !== nodeId && flow.nodes.some((node) => node.id === candidate)) {
    return `node id '${candidate}' is already used by another node`;
  }
  return null;
}

/** Changes a node's id, and the edges that start or end at it with it. Returns the flow unchanged for an id {@link nodeIdProblem} rejects. */
export function changeNodeId(flow: FlowDocument, nodeId: string, newId: string): FlowDocument {
  if (newId === nodeId || nodeIdProblem(flow, nodeId, newId) !== null) {
    return flow;
  }
  const rename = (id: string): string => (id === nodeId ? newId : id);
  return {
    ...flow,
    nodes: flow.nodes.map((node) => (node.id === nodeId ? { ...node, id: newId } : node)),
    edges: flow.edges.map((edge) =>
      edge.from.node === nodeId || edge.to.node === nodeId ? { from: { ...edge.from, node: rename(edge.from.node) }, to: { ...edge.to, node: rename(edge.to.node) } } : edge,
    ),
  };
}

/** Sets a node's description; an empty one removes the key. */
export function setNodeDescription(flow: FlowDocument, nodeId: string, description: string): FlowDocument {
  return updateNode(flow, nodeId, (node) => {
    const { description: _previous, ...rest } = node;
    return description === '' ? rest : { ...rest, description };
  });
}

export function setOnError(flow: FlowDocument, nodeId: string, onError: FlowNode['onError']): FlowDocument {
  return updateNode(flow, nodeId, (node) => {
    const next = { ...node };
    if (onError === undefined || onError === 'continue') {
      delete next.onError;
    } else {
      next.onError = onError;
    }
    return next;
  });
}

export function setFlowDetails(flow: FlowDocument, details: { id?: string; name?: string; description?: string }): FlowDocument {
  const next = { ...flow, ...details };
  if (next.description === '') {
    delete next.description;
  }
  return next;
}

export function setParameters(flow: FlowDocument, parameters: Record<string, FlowParameter>): FlowDocument {
  const { parameters: _previous, ...rest } = flow;
  return Object.keys(parameters).length === 0 ? rest : { ...rest, parameters };
}

/** Nodes and the edges between them, as copied to the clipboard. */
export interface FlowFragment {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export function copyFragment(flow: FlowDocument, nodeIds: readonly string[]): FlowFragment {
  const ids = new Set(nodeIds);
  return {
    nodes: flow.nodes.filter((node) => ids.has(node.id)).map((node) => structuredClone(node)),
    edges: flow.edges.filter((edge) => ids.has(edge.from.node) && ids.has(edge.to.node)).map((edge) => structuredClone(edge)),
  };
}

/** Adds a copy of the fragment with new ids, moved by `offset`; returns the new node ids. */
export function pasteFragment(flow: FlowDocument, fragment: FlowFragment, offset: { x: number; y: number }): { flow: FlowDocument; nodeIds: string[] } {
  const taken = new Set(flow.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((node) => {
    const id = newNodeId(node.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
    return { ...structuredClone(node), id, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } };
  });
  const edges = fragment.edges
    .filter((edge) => renamed.has(edge.from.node) && renamed.has(edge.to.node))
    .map((edge) => ({ from: { node: renamed.get(edge.from.node) as string, port: edge.from.port }, to: { node: renamed.get(edge.to.node) as string, port: edge.to.port } }));
  return { flow: { ...flow, nodes: [...flow.nodes, ...nodes], edges: [...flow.edges, ...edges] }, nodeIds: nodes.map((node) => node.id) };
}

/** Tells whether a value has the shape of a copied fragment, for text pasted from the system clipboard. */
export function isFlowFragment(value: unknown): value is FlowFragment {
  const fragment = value as Partial<FlowFragment> | null;
  return (
    fragment !== null &&
    typeof fragment === 'object' &&
    Array.isArray(fragment.nodes) &&
    Array.isArray(fragment.edges) &&
    fragment.nodes.every((node) => typeof node?.id === 'string' && typeof node.type === 'string' && typeof node.position?.x === 'number')
  );
}

/**
 * Returns the node ids in the order records reach them: sources first, then each node after every
 * node that feeds it (Kahn's algorithm), ties broken by position from left to right. Nodes on a
 * cycle, which validation reports, come last in document order.
 */
export function nodesInFlowOrder(flow: FlowDocument): string[] {
  const incoming = new Map(flow.nodes.map((node) => [node.id, 0]));
  for (const edge of flow.edges) {
    incoming.set(edge.to.node, (incoming.get(edge.to.node) ?? 0) + 1);
  }
  const byX = (a: FlowNode, b: FlowNode): number => a.position.x - b.position.x || a.position.y - b.position.y;
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  let ready = flow.nodes.filter((node) => incoming.get(node.id) === 0).sort(byX);
  const order: string[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as FlowNode;
    order.push(next.id);
    for (const edge of flow.edges) {
      if (edge.from.node !== next.id) {
        continue;
      }
      const remaining = (incoming.get(edge.to.node) ?? 0) - 1;
      incoming.set(edge.to.node, remaining);
      const target = nodes.get(edge.to.node);
      if (remaining === 0 && target !== undefined) {
        ready = [...ready, target].sort(byX);
      }
    }
  }
  const placed = new Set(order);
  return [...order, ...flow.nodes.filter((node) => !placed.has(node.id)).map((node) => node.id)];
}
