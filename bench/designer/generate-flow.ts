/**
 * A large flow for the designer benchmark: `count` nodes in lanes of one csv.read, a chain of map
 * and validate nodes, and a json.write, laid out on a grid the way an analyst would draw them.
 */
import type { FlowDocument, FlowEdge, FlowNode } from '../../engine/flow/flow-schema.js';

/** Nodes per lane: a reader, eight transforms and validations, a writer. */
const LANE_LENGTH = 10;

export function generateLargeFlow(count: number): FlowDocument {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  for (let index = 0; index < count; index++) {
    const lane = Math.floor(index / LANE_LENGTH);
    const step = index % LANE_LENGTH;
    const id = `node-${index + 1}`;
    const position = { x: step * 280, y: lane * 160 };
    if (step === 0) {
      nodes.push({ id, type: 'csv.read', typeVersion: 1, name: `Read lane ${lane + 1}`, config: { path: `lane-${lane + 1}.csv`, keyColumn: 'sku' }, position });
    } else if (step === LANE_LENGTH - 1 || index === count - 1) {
      nodes.push({ id, type: 'json.write', typeVersion: 1, name: `Write lane ${lane + 1}`, config: { path: `out/lane-${lane + 1}.jsonl` }, position });
    } else if (step % 2 === 1) {
      nodes.push({ id, type: 'map', typeVersion: 1, name: `Map ${index + 1}`, config: { fields: [{ target: 'name', expression: '$uppercase(name)' }], keepUnmapped: true }, position });
    } else {
      nodes.push({ id, type: 'validate', typeVersion: 1, name: `Check ${index + 1}`, config: { schema: { type: 'object', required: ['sku'] } }, position });
    }
    if (step > 0) {
      const previous = nodes[index - 1] as FlowNode;
      edges.push({ from: { node: previous.id, port: previous.type === 'validate' ? 'valid' : 'out' }, to: { node: id, port: 'in' } });
    }
  }
  return { formatVersion: 1, id: 'large-flow', name: `Large flow (${count} nodes)`, nodes, edges };
}
