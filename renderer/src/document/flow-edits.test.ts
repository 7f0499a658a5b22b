import { describe, expect, it } from 'vitest';
import type { NodeKindInfo } from '../../../engine/api/index.js';
import {
  addEdge,
  addNode,
  changeNodeId,
  copyFragment,
  edgeKey,
  edgeRejection,
  emptyFlow,
  moveNodes,
  newNodeId,
  nodeIdProblem,
  nodesInFlowOrder,
  pasteFragment,
  removeEdgeAt,
  removeElements,
  setNodeDescription,
  setParameters,
} from './flow-edits.js';
import { recordEdit, redo, startHistory, undo, HISTORY_LIMIT } from './flow-history.js';

const mapKind: NodeKindInfo = {
  type: 'test.map',
  version: 2,
  category: 'transform',
  title: 'Map fields',
  description: '',
  configSchema: {},
  defaultConfig: { fields: [] },
  hasInput: true,
  defaultOutputs: ['out', 'error'],
};

function twoNodes() {
  const first = addNode(emptyFlow(), mapKind, { x: 10.4, y: 20.6 });
  const second = addNode(first.flow, mapKind, { x: 300, y: 20 });
  return addEdge(second.flow, { from: { node: first.nodeId, port: 'out' }, to: { node: second.nodeId, port: 'in' } });
}

describe('flow edits', () => {
  it('numbers new node ids by type', () => {
    expect(newNodeId('csv.read', new Set(['csv-read-1']))).toBe('csv-read-2');
    expect(newNodeId('3d.thing', new Set())).toBe('d-thing-1');
  });

  it('adds a node with the kind defaults', () => {
    const { flow, nodeId } = addNode(emptyFlow(), mapKind, { x: 10.4, y: 20.6 });
    expect(flow.nodes).toEqual([{ id: nodeId, type: 'test.map', typeVersion: 2, name: 'Map fields', config: { fields: [] }, position: { x: 10, y: 21 } }]);
  });

  it('rejects self-loops, duplicates and other ports', () => {
    const flow = twoNodes();
    expect(edgeRejection(flow, { from: { node: 'test-map-1', port: 'out' }, to: { node: 'test-map-1', port: 'in' } })).toBe('a node cannot connect to itself');
    expect(edgeRejection(flow, { from: { node: 'test-map-1', port: 'out' }, to: { node: 'test-map-2', port: 'in' } })).toBe('these ports are already connected');
    expect(edgeRejection(flow, { from: { node: 'test-map-1', port: 'out' }, to: { node: 'test-map-2', port: 'out' } })).toBe("edges end at the input port 'in'");
    expect(edgeRejection(flow, { from: { node: 'test-map-1', port: 'error' }, to: { node: 'test-map-2', port: 'in' } })).toBeNull();
  });

  it('removes a node with its edges', () => {
    const flow = removeElements(twoNodes(), ['test-map-1'], []);
    expect(flow.nodes.map((node) => node.id)).toEqual(['test-map-2']);
    expect(flow.edges).toEqual([]);
  });

  it('removes one edge by index', () => {
    const flow = twoNodes();
    const duplicated = { ...flow, edges: [...flow.edges, flow.edges[0]!] };
    const removed = removeEdgeAt(duplicated, 1);
    expect(removed.edges).toEqual([flow.edges[0]]);
    expect(duplicated.edges).toHaveLength(2);
  });

  it('keeps the flow for an index outside the edges', () => {
    const flow = twoNodes();
    expect(removeEdgeAt(flow, 1)).toBe(flow);
    expect(removeEdgeAt(flow, -1)).toBe(flow);
  });

  it('removes an edge by key', () => {
    const flow = twoNodes();
    expect(removeElements(flow, [], [edgeKey(flow.edges[0]!)]).edges).toEqual([]);
  });

  it('moves nodes to rounded positions', () => {
    const flow = moveNodes(twoNodes(), new Map([['test-map-2', { x: 1.6, y: 2.2 }]]));
    expect(flow.nodes[1]?.position).toEqual({ x: 2, y: 2 });
  });

  it('pastes copies with new ids and inner edges', () => {
    const flow = twoNodes();
    const pasted = pasteFragment(flow, copyFragment(flow, ['test-map-1', 'test-map-2']), { x: 40, y: 40 });
    expect(pasted.nodeIds).toEqual(['test-map-3', 'test-map-4']);
    expect(pasted.flow.edges.at(-1)).toEqual({ from: { node: 'test-map-3', port: 'out' }, to: { node: 'test-map-4', port: 'in' } });
    expect(pasted.flow.nodes[2]?.position).toEqual({ x: 50, y: 61 });
  });

  it('orders nodes the way records flow', () => {
    const flow = twoNodes();
    const third = addNode(flow, mapKind, { x: -100, y: 0 });
    const chained = addEdge(third.flow, { from: { node: 'test-map-2', port: 'out' }, to: { node: third.nodeId, port: 'in' } });
    expect(nodesInFlowOrder(chained)).toEqual(['test-map-1', 'test-map-2', 'test-map-3']);
  });

  it('changes a node id and its edges', () => {
    const flow = changeNodeId(twoNodes(), 'test-map-1', 'clean-items');
    expect(flow.nodes.map((node) => node.id)).toEqual(['clean-items', 'test-map-2']);
    expect(flow.edges).toEqual([{ from: { node: 'clean-items', port: 'out' }, to: { node: 'test-map-2', port: 'in' } }]);
  });

  it('rejects a taken or malformed node id', () => {
    const flow = twoNodes();
    expect(nodeIdProblem(flow, 'test-map-1', 'test-map-2')).toBe("node id 'test-map-2' is already used by another node");
    expect(nodeIdProblem(flow, 'test-map-1', '2-maps')).toBe('an id starts with a letter and has only letters, digits, - and _');
    expect(nodeIdProblem(flow, 'test-map-1', 'test-map-1')).toBeNull();
    expect(changeNodeId(flow, 'test-map-1', 'test-map-2')).toBe(flow);
  });

  it('sets and removes a node description', () => {
    const described = setNodeDescription(twoNodes(), 'test-map-1', 'Cleans names');
    expect(described.nodes[0]?.description).toBe('Cleans names');
    expect('description' in (setNodeDescription(described, 'test-map-1', '').nodes[0] ?? {})).toBe(false);
  });

  it('drops the parameters key when none are left', () => {
    const flow = setParameters(emptyFlow(), { a: { type: 'string' } });
    expect(flow.parameters).toEqual({ a: { type: 'string' } });
    expect('parameters' in setParameters(flow, {})).toBe(false);
  });
});

describe('flow history', () => {
  it('undoes and redoes edits', () => {
    const start = emptyFlow();
    const next = { ...start, name: 'Renamed' };
    const history = recordEdit(startHistory(start), next, null, 0);
    expect(undo(history).present).toBe(start);
    expect(redo(undo(history)).present).toBe(next);
  });

  it('coalesces typing in one field', () => {
    const start = emptyFlow();
    let history = startHistory(start);
    history = recordEdit(history, { ...start, name: 'A' }, 'name', 1000);
    history = recordEdit(history, { ...start, name: 'AB' }, 'name', 1500);
    expect(history.past).toHaveLength(1);
    expect(undo(history).present).toBe(start);
  });

  it('starts a new step after a pause', () => {
    const start = emptyFlow();
    let history = recordEdit(startHistory(start), { ...start, name: 'A' }, 'name', 1000);
    history = recordEdit(history, { ...start, name: 'AB' }, 'name', 2500);
    expect(history.past).toHaveLength(2);
  });

  it('keeps a bounded number of steps', () => {
    let history = startHistory(emptyFlow());
    for (let index = 0; index < HISTORY_LIMIT + 10; index++) {
      history = recordEdit(history, { ...history.present, name: String(index) }, null, index);
    }
    expect(history.past).toHaveLength(HISTORY_LIMIT);
  });

  it('clears redo after a new edit', () => {
    const start = emptyFlow();
    const undone = undo(recordEdit(startHistory(start), { ...start, name: 'A' }, null, 0));
    expect(recordEdit(undone, { ...start, name: 'B' }, null, 1).future).toEqual([]);
  });
});
