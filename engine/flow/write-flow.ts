/**
 * The deterministic flow writer. The same flow always produces the same bytes: top-level and node
 * keys in a fixed order, config keys sorted, nodes sorted by id, edges sorted by their endpoints,
 * two-space indent, trailing newline. A one-field edit is a one-line diff.
 */
import type { FlowDocument, FlowEdge, FlowNode } from './flow-schema.js';

const FLOW_KEY_ORDER = ['formatVersion', 'id', 'name', 'description', 'parameters', 'nodes', 'edges'];
const NODE_KEY_ORDER = ['id', 'type', 'typeVersion', 'name', 'description', 'config', 'retry', 'onError', 'position'];
const PARAMETER_KEY_ORDER = ['type', 'default', 'description'];
const RETRY_KEY_ORDER = ['maximumAttempts', 'initialInterval', 'backoffCoefficient', 'maximumInterval', 'jitter', 'nonRetryableErrors'];

/** Serialises a flow as its canonical file text. */
export function serializeFlow(flow: FlowDocument): string {
  return `${JSON.stringify(canonicalFlow(flow), null, 2)}\n`;
}

/** Returns a copy of the flow with keys and lists in canonical order and positions rounded. */
export function canonicalFlow(flow: FlowDocument): FlowDocument {
  const nodes = [...flow.nodes].sort((a, b) => compare(a.id, b.id)).map(canonicalNode);
  const edges = [...flow.edges].sort(compareEdges).map((edge) => ({
    from: { node: edge.from.node, port: edge.from.port },
    to: { node: edge.to.node, port: edge.to.port },
  }));
  const parameters =
    flow.parameters === undefined
      ? undefined
      : Object.fromEntries(
          Object.keys(flow.parameters)
            .sort(compare)
            .map((name) => [name, ordered(flow.parameters?.[name] as Record<string, unknown>, PARAMETER_KEY_ORDER)]),
        );
  return ordered({ ...flow, parameters, nodes, edges }, FLOW_KEY_ORDER) as FlowDocument;
}

function canonicalNode(node: FlowNode): FlowNode {
  const copy: Record<string, unknown> = {
    ...node,
    config: sortKeysDeep(node.config),
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  };
  if (node.retry !== undefined) {
    copy.retry = ordered(node.retry, RETRY_KEY_ORDER);
  }
  return ordered(copy, NODE_KEY_ORDER) as FlowNode;
}

/** Puts known keys first in the given order, then any others sorted; drops undefined values. */
function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const rest = Object.keys(value)
    .filter((key) => !order.includes(key))
    .sort(compare);
  for (const key of [...order, ...rest]) {
    if (value[key] !== undefined) {
      result[key] = value[key];
    }
  }
  return result;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeysDeep);
  }
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compare)) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) {
        result[key] = sortKeysDeep(item);
      }
    }
    return result;
  }
  return value;
}

function compareEdges(a: FlowEdge, b: FlowEdge): number {
  return compare(a.from.node, b.from.node) || compare(a.from.port, b.from.port) || compare(a.to.node, b.to.node) || compare(a.to.port, b.to.port);
}

/** Code-point order, independent of the machine's locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
