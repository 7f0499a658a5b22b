/**
 * Running the flow from the designer: parameter values, Run and Cancel, live step counts while it
 * goes, and, once it ends, the records each step sent per port.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StepInfo } from '../../../engine/api/index.js';
import { formatCount, formatDuration } from '../canvas/format.js';
import { nodesInFlowOrder } from '../document/flow-edits.js';
import { listParameterFiles, loadParameterFile } from '../services/parameter-files-service.js';
import { cancelRun, previewNode, startRun } from '../services/run-service.js';
import { selectDocument, selectFlowKey, useDocumentStore } from '../stores/document-store.js';
import { isRunActive, useRunInspectorStore, type RunInspectorState } from '../stores/run-inspector-store.js';
import { useCatalogStore } from '../stores/catalog-store.js';
import { useRunParametersStore, valuesOfFlow } from '../stores/run-parameters-store.js';
import { selectSingleNodeId, useSelectionStore } from '../stores/selection-store.js';
import { useProblemCounts } from '../stores/flow-problems.js';
import { SamplePreview } from './SamplePreview.js';

const selectRunHeader = (state: RunInspectorState) => ({ runId: state.runId, status: state.status, error: state.error, startedAt: state.startedAt, finishedAt: state.finishedAt });
const selectSteps = (state: RunInspectorState) => state.steps;
const selectPreview = (state: RunInspectorState) => ({ nodeId: state.previewNodeId, samples: state.previewSamples, loading: state.previewLoading });

/** The menu that fills the values from a parameter file; it lists the files when opened, so new files show up. */
function ParameterFileMenu() {
  const [files, setFiles] = useState<readonly string[] | null>(null);
  const refresh = (): void => {
    void listParameterFiles().then(setFiles);
  };
  useEffect(refresh, []);
  return (
    <select
      className="fm-input fm-run__load"
      value=""
      aria-label="Load a parameter file"
      title="Fill in the values from a *.params.json file"
      onFocus={refresh}
      onChange={(event) => {
        if (event.target.value !== '') {
          void loadParameterFile(event.target.value);
        }
      }}
      data-testid="load-parameters"
    >
      <option value="">{files !== null && files.length === 0 ? 'No *.params.json files' : 'Load a parameter file…'}</option>
      {(files ?? []).map((file) => (
        <option key={file} value={file}>
          {file}
        </option>
      ))}
    </select>
  );
}

function RunParameters() {
  const parameters = useDocumentStore((state) => selectDocument(state).parameters);
  const flowKey = useDocumentStore(selectFlowKey);
  const values = useRunParametersStore((state) => valuesOfFlow(state, flowKey));
  const entries = Object.entries(parameters ?? {});
  if (entries.length === 0) {
    return <p className="fm-muted fm-small">This flow has no parameters.</p>;
  }
  return (
    <div className="fm-run__params">
      <ParameterFileMenu />
      {entries.map(([name, parameter]) => (
        <label key={name} className="fm-run__param" title={parameter.description}>
          <span className="fm-label">
            {name} <span className="fm-muted">{parameter.type}</span>
          </span>
          <input
            className="fm-input"
            value={values[name] ?? ''}
            placeholder={parameter.default === undefined ? 'required' : `default: ${String(parameter.default)}`}
            onChange={(event) => useRunParametersStore.getState().setValue(flowKey, name, event.target.value)}
            data-testid={`run-param-${name}`}
          />
          {parameter.description !== undefined && (
            <span className="fm-run__param-description" data-testid={`run-param-description-${name}`}>
              {parameter.description}
            </span>
          )}
        </label>
      ))}
    </div>
  );
}

function StepRow({ step, name, selected, onSelect }: { step: StepInfo; name: string; selected: boolean; onSelect: () => void }) {
  const isSource = useCatalogStore((state) => state.byType[step.nodeType]?.hasInput === false);
  return (
    <tr className={selected ? 'is-selected' : undefined} onClick={onSelect} data-testid={`step-${step.nodeId}`}>
      <td>
        <div className="fm-step__name">
          {name} <span className={`fm-status fm-status--${step.status.toLowerCase()}`}>{step.status.toLowerCase()}</span>
        </div>
        <div className="fm-muted fm-small">
          <span className="fm-mono">{step.nodeId}</span> · {formatDuration(step.durationMs)}
        </div>
      </td>
      <td className="fm-num">{isSource ? '–' : formatCount(step.recordsIn)}</td>
      <td className="fm-ports-cell">
        {Object.entries(step.outputs).map(([port, count]) => (
          <span key={port} className={`fm-port-count ${count > 0 && (port === 'error' || port === 'invalid') ? 'is-bad' : ''}`}>
            {port} <strong>{formatCount(count)}</strong>
          </span>
        ))}
      </td>
      <td className={`fm-num ${step.errors > 0 ? 'fm-error-text' : ''}`}>{formatCount(step.errors)}</td>
    </tr>
  );
}

export function RunPanel() {
  const header = useRunInspectorStore(useShallow(selectRunHeader));
  const steps = useRunInspectorStore(selectSteps);
  const preview = useRunInspectorStore(useShallow(selectPreview));
  const errorCount = useProblemCounts().errors;
  const active = useRunInspectorStore(isRunActive);
  const flow = useDocumentStore(selectDocument);
  const selectedNodeId = useSelectionStore(selectSingleNodeId);
  const finished = header.finishedAt !== null;

  useEffect(() => {
    if (finished && selectedNodeId !== null && selectedNodeId !== preview.nodeId && steps[selectedNodeId] !== undefined) {
      void previewNode(selectedNodeId);
    }
  }, [finished, selectedNodeId, preview.nodeId, steps]);

  const names = new Map(flow.nodes.map((node) => [node.id, node.name]));
  const order = new Map(nodesInFlowOrder(flow).map((nodeId, index) => [nodeId, index]));
  // Steps of nodes deleted since the run are left out: the table describes the flow as it is drawn.
  const rows = Object.values(steps)
    .filter((step) => names.has(step.nodeId))
    .sort((a, b) => (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0));
  const elapsed = header.startedAt === null ? null : (header.finishedAt ?? Date.now()) - header.startedAt;

  return (
    <div className="fm-run">
      <div className="fm-run__controls">
        <div className="fm-run__buttons">
          <button type="button" className="fm-button fm-button--primary" onClick={() => void startRun()} disabled={active || errorCount > 0} data-testid="run-button" title={errorCount > 0 ? 'Fix the problems first' : 'Run the flow (Ctrl+Enter)'}>
            Run flow
          </button>
          <button type="button" className="fm-button" onClick={() => void cancelRun()} disabled={!active || header.runId === null} data-testid="cancel-button">
            Cancel
          </button>
        </div>
        {errorCount > 0 && <p className="fm-error-text fm-small">The flow has {errorCount} error{errorCount === 1 ? '' : 's'}; fix them in Problems to run it.</p>}
        {header.status !== null && (
          <div className="fm-run__status" data-testid="run-status">
            {header.runId !== null && <span className="fm-muted">Run {header.runId}</span>}
            <span className={`fm-status fm-status--${header.status.toLowerCase()}`}>{header.status.toLowerCase().replace(/_/g, ' ')}</span>
            <span className="fm-muted">{formatDuration(elapsed)}</span>
          </div>
        )}
        {header.error !== null && <p className="fm-error-text fm-small">{header.error}</p>}
        <RunParameters />
      </div>
      <div className="fm-run__steps">
        {rows.length === 0 ? (
          <p className="fm-muted fm-empty">Run the flow to see how many records each node reads and sends.</p>
        ) : (
          <div className="fm-table-wrap">
            <table className="fm-table fm-table--clickable" data-testid="run-steps">
              <thead>
                <tr>
                  <th>node</th>
                  <th className="fm-num">in</th>
                  <th>out per port</th>
                  <th className="fm-num">errors</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((step) => (
                  <StepRow
                    key={step.nodeId}
                    step={step}
                    name={names.get(step.nodeId) ?? step.nodeId}
                    selected={preview.nodeId === step.nodeId}
                    onSelect={() => {
                      useSelectionStore.getState().select([step.nodeId]);
                      if (finished) {
                        void previewNode(step.nodeId);
                      }
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="fm-run__preview">
        {preview.nodeId === null ? (
          <p className="fm-muted fm-empty">{finished ? 'Select a node or a step to preview the records it sent.' : 'Record previews appear when the run ends.'}</p>
        ) : (
          <SamplePreview key={preview.nodeId} nodeId={preview.nodeId} samples={preview.samples} counts={steps[preview.nodeId]?.outputs} loading={preview.loading} />
        )}
      </div>
    </div>
  );
}
