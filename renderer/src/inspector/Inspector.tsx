/**
 * The right-hand panel: the selected node's name, error handling and config, or the flow's own
 * details when nothing is selected.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FlowNode } from '../../../engine/api/index.js';
import { CategoryIcon } from '../canvas/category-icon.js';
import { nodeIdProblem, renameNode, setFlowDetails, setNodeDescription, setOnError } from '../document/flow-edits.js';
import { renameNodeId } from '../services/edit-service.js';
import { previewSourceNode } from '../services/source-preview-service.js';
import { useCatalogStore } from '../stores/catalog-store.js';
import { selectDocument, useDocumentStore, type DocumentState } from '../stores/document-store.js';
import { useSelectionStore, type SelectionState } from '../stores/selection-store.js';
import { problemsOfNode, useValidationStore, type ValidationState } from '../stores/validation-store.js';
import { RemoveEdgeButton } from '../panels/RemoveEdgeButton.js';
import { ConfigForm } from './ConfigForm.js';
import { InspectorResizer } from './InspectorResizer.js';

const selectSelectedIds = (state: SelectionState) => state.nodeIds;
const selectProblems = (state: ValidationState) => state.problems;

function findNode(state: DocumentState, nodeId: string | null): FlowNode | undefined {
  return nodeId === null ? undefined : selectDocument(state).nodes.find((node) => node.id === nodeId);
}

function FlowDetails() {
  const flow = useDocumentStore(selectDocument);
  const path = useDocumentStore((state) => state.path);
  const allProblems = useValidationStore(selectProblems);
  const problems = useMemo(() => allProblems.filter((problem) => problem.nodeId === undefined && problem.edgeIndex === undefined && problem.field !== undefined), [allProblems]);
  const edit = (details: { id?: string; name?: string; description?: string }, key: string) => useDocumentStore.getState().edit((current) => setFlowDetails(current, details), key);
  const fieldError = (field: string) => problems.find((problem) => problem.field === field)?.message;
  return (
    <div className="fm-inspector__body">
      <div className="fm-inspector__header">
        <div>
          <div className="fm-inspector__title">Flow</div>
          <div className="fm-muted fm-small">{path ?? 'not saved yet'}</div>
        </div>
      </div>
      <label className="fm-label" htmlFor="flow-name">
        Name
      </label>
      <input id="flow-name" className="fm-input" value={flow.name} onChange={(event) => edit({ name: event.target.value }, 'flow-name')} />
      <label className="fm-label" htmlFor="flow-id">
        Id <span className="fm-muted">(stable; used in run history)</span>
      </label>
      <input id="flow-id" className="fm-input fm-mono" value={flow.id} onChange={(event) => edit({ id: event.target.value }, 'flow-id')} />
      {fieldError('id') !== undefined && <div className="fm-field-error">{fieldError('id')}</div>}
      <label className="fm-label" htmlFor="flow-description">
        Description
      </label>
      <textarea id="flow-description" className="fm-input" rows={3} value={flow.description ?? ''} onChange={(event) => edit({ description: event.target.value }, 'flow-description')} />
      <p className="fm-muted fm-small fm-inspector__hint">Select a node to edit its settings. Shift-drag selects several; Ctrl+C and Ctrl+V copy them.</p>
    </div>
  );
}

/** The node's id, changed when the field loses focus or Enter is pressed; Escape restores it. */
function NodeIdField({ nodeId }: { nodeId: string }) {
  const [text, setText] = useState(nodeId);
  useEffect(() => setText(nodeId), [nodeId]);
  const flow = useDocumentStore(selectDocument);
  const problem = text === nodeId ? null : nodeIdProblem(flow, nodeId, text);
  const commit = (): void => {
    if (text !== nodeId && problem === null) {
      renameNodeId(nodeId, text);
    }
  };
  return (
    <>
      <label className="fm-label" htmlFor="node-id">
        Id <span className="fm-muted">(run history and edges name the node by it)</span>
      </label>
      <input
        id="node-id"
        className={`fm-input fm-mono ${problem === null ? '' : 'has-error'}`}
        value={text}
        spellCheck={false}
        onChange={(event) => setText(event.target.value.trim())}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commit();
          } else if (event.key === 'Escape') {
            setText(nodeId);
          }
        }}
      />
      {problem !== null && (
        <div className="fm-field-error" data-testid="node-id-error">
          {problem}; the id stays {nodeId}
        </div>
      )}
    </>
  );
}

function NodeDetails({ nodeId }: { nodeId: string }) {
  const node = useDocumentStore((state) => findNode(state, nodeId));
  const kind = useCatalogStore((state) => (node === undefined ? undefined : state.byType[node.type]));
  const problems = useValidationStore((state) => problemsOfNode(state, nodeId));
  if (node === undefined) {
    return null;
  }
  const otherProblems = problems.filter((problem) => problem.field === undefined || !(problem.field === 'config' || problem.field.startsWith('config.')));
  return (
    <div className="fm-inspector__body" data-testid="inspector-node">
      <div className={`fm-inspector__header fm-cat--${kind?.category ?? 'unknown'}`}>
        <span className="fm-inspector__icon">
          <CategoryIcon category={kind?.category} size={20} />
        </span>
        <div>
          <div className="fm-inspector__title">{kind?.title ?? node.type}</div>
          <div className="fm-muted fm-small fm-mono">
            {node.id} · {node.type} v{node.typeVersion}
          </div>
        </div>
      </div>
      {kind !== undefined && <p className="fm-muted fm-small">{kind.description}</p>}
      {kind?.hasInput === false && (
        <button
          type="button"
          className="fm-button fm-button--small"
          onClick={() => void previewSourceNode(nodeId)}
          disabled={problems.some((problem) => problem.severity === 'error')}
          title={problems.some((problem) => problem.severity === 'error') ? 'Fix the settings first' : 'Read the first records with these settings, without running the flow'}
          data-testid="preview-source"
        >
          Preview records
        </button>
      )}
      <label className="fm-label" htmlFor="node-name">
        Name
      </label>
      <input id="node-name" className="fm-input" value={node.name} onChange={(event) => useDocumentStore.getState().edit((flow) => renameNode(flow, nodeId, event.target.value), `name:${nodeId}`)} />
      <NodeIdField nodeId={nodeId} />
      <label className="fm-label" htmlFor="node-description">
        Description
      </label>
      <textarea
        id="node-description"
        className="fm-input"
        rows={2}
        value={node.description ?? ''}
        placeholder="What this node is for, for the next person who reads the flow"
        onChange={(event) => useDocumentStore.getState().edit((flow) => setNodeDescription(flow, nodeId, event.target.value), `description:${nodeId}`)}
      />
      <label className="fm-label" htmlFor="node-on-error">
        When a record fails
      </label>
      <select
        id="node-on-error"
        className="fm-input"
        value={node.onError ?? 'continue'}
        onChange={(event) => useDocumentStore.getState().edit((flow) => setOnError(flow, nodeId, event.target.value as FlowNode['onError']))}
      >
        <option value="continue">Send it to the error port or the dead letters, and go on</option>
        <option value="fail-run">Fail the whole run</option>
      </select>
      {otherProblems.length > 0 && (
        <ul className="fm-inspector__problems">
          {otherProblems.map((problem, index) => (
            <li key={index} className={`fm-problem fm-problem--${problem.severity}`}>
              {problem.field !== undefined && <span className="fm-mono">{problem.field}: </span>}
              {problem.message}
              <RemoveEdgeButton problem={problem} />
            </li>
          ))}
        </ul>
      )}
      <div className="fm-inspector__section">Settings</div>
      {kind === undefined ? (
        <p className="fm-error-text">The engine has no node kind '{node.type}', so its settings cannot be edited here.</p>
      ) : (
        <ConfigForm key={node.id} node={node} kind={kind} problems={problems} />
      )}
    </div>
  );
}

export function Inspector() {
  const selected = useSelectionStore(selectSelectedIds);
  return (
    <aside className="fm-inspector" aria-label="Inspector">
      <InspectorResizer />
      <div className="fm-panel-title">Inspector</div>
      {selected.length === 0 && <FlowDetails />}
      {/* A key per node, so the panel starts at the top for each node instead of keeping the last one's scroll position. */}
      {selected.length === 1 && <NodeDetails key={selected[0]} nodeId={selected[0] as string} />}
      {selected.length > 1 && (
        <div className="fm-inspector__body">
          <p>
            <strong>{selected.length} nodes selected.</strong>
          </p>
          <p className="fm-muted fm-small">Drag to move them together, Delete to remove them, Ctrl+C to copy.</p>
        </div>
      )}
    </aside>
  );
}
