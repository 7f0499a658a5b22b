import { beforeEach, describe, expect, it } from 'vitest';
import type { FlowDocument, FlowProblemInfo } from '../../../engine/api/index.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { useValidationStore } from '../stores/validation-store.js';
import { edgeOfProblem, removeEdgeOfProblem } from './edit-service.js';

const flow: FlowDocument = {
  formatVersion: 1,
  id: 'items',
  name: 'Items',
  nodes: [
    { id: 'check', type: 'validate', typeVersion: 1, name: 'Check', config: {}, position: { x: 0, y: 0 } },
    { id: 'write', type: 'json.write', typeVersion: 1, name: 'Write', config: {}, position: { x: 300, y: 0 } },
  ],
  edges: [
    { from: { node: 'check', port: 'valid' }, to: { node: 'write', port: 'in' } },
    { from: { node: 'check', port: 'passed' }, to: { node: 'write', port: 'in' } },
  ],
};

const badPort: FlowProblemInfo = {
  severity: 'error',
  edgeIndex: 1,
  nodeId: 'check',
  field: 'from.port',
  message: "edge check.passed -> write.in: node 'check' (validate) has no output port 'passed'; its ports: valid, invalid, error",
};

/** Loads the flow and records the problem as the host's verdict on it. */
function loadChecked(problems: readonly FlowProblemInfo[]): void {
  useDocumentStore.getState().load(flow, 'items.flow.json');
  useValidationStore.getState().setResult(useDocumentStore.getState().revision, problems, {});
}

beforeEach(() => {
  loadChecked([badPort]);
});

describe('removing the edge of a problem', () => {
  it('finds the edge at the problem index', () => {
    expect(edgeOfProblem(badPort)).toEqual(flow.edges[1]);
  });

  it('finds no edge for problems older than the document', () => {
    useDocumentStore.getState().edit((current) => ({ ...current, name: 'Renamed' }));
    expect(edgeOfProblem(badPort)).toBeNull();
  });

  it('finds no edge for a node problem', () => {
    expect(edgeOfProblem({ severity: 'error', nodeId: 'check', message: 'needs a rule' })).toBeNull();
  });

  it('removes only that edge, and undo restores it', () => {
    removeEdgeOfProblem(badPort);
    expect(useDocumentStore.getState().history.present.edges).toEqual([flow.edges[0]]);
    expect(useShellStore.getState().notice?.message).toBe('Removed edge check.passed -> write.in; Undo brings it back');

    useDocumentStore.getState().undo();
    expect(useDocumentStore.getState().history.present.edges).toEqual(flow.edges);
  });

  it('removes nothing for problems older than the document', () => {
    useDocumentStore.getState().edit((current) => ({ ...current, edges: [current.edges[1]!, current.edges[0]!] }));
    removeEdgeOfProblem(badPort);
    expect(useDocumentStore.getState().history.present.edges).toHaveLength(2);
  });
});
