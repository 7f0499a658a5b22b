/** Run history: every run, newest first; a run's steps with counts per port, a step's records, and the run's dead letters. */
import { useEffect } from 'react';
import { formatCount, formatDuration, formatTime } from '../canvas/format.js';
import { DeadLetterTable } from '../panels/DeadLetterTable.js';
import { SamplePreview } from '../panels/SamplePreview.js';
import { loadRuns, openRun, openStep } from '../services/runs-service.js';
import { useRunsViewStore, type RunsViewState } from '../stores/runs-view-store.js';

const selectState = (state: RunsViewState) => state;

function duration(startedAt: string, finishedAt: string | null): string {
  return finishedAt === null ? 'running' : formatDuration(Date.parse(finishedAt) - Date.parse(startedAt));
}

export function RunsView() {
  const state = useRunsViewStore(selectState);
  useEffect(() => {
    void loadRuns();
  }, []);
  const selectedStep = state.steps.find((step) => step.nodeId === state.selectedNodeId);

  return (
    <div className="fm-runs" data-testid="runs-view">
      <aside className="fm-runs__list">
        <div className="fm-panel-title">
          Runs
          <button type="button" className="fm-button fm-button--quiet fm-button--small" onClick={() => void loadRuns()}>
            Refresh
          </button>
        </div>
        {state.error !== null && <p className="fm-error-text fm-empty">{state.error}</p>}
        {state.runs.length === 0 && !state.loading && <p className="fm-muted fm-empty">No runs yet.</p>}
        <ul>
          {state.runs.map((run) => (
            <li key={run.id}>
              <button type="button" className={`fm-runs__item ${run.id === state.selectedRunId ? 'is-selected' : ''}`} onClick={() => void openRun(run.id)} data-testid={`run-${run.id}`}>
                <span className="fm-runs__item-head">
                  <strong>#{run.id}</strong> {run.flowName}
                </span>
                <span className="fm-runs__item-meta">
                  <span className={`fm-status fm-status--${run.status.toLowerCase()}`}>{run.status.toLowerCase().replace(/_/g, ' ')}</span>
                  <span className="fm-muted">{formatTime(run.startedAt)}</span>
                  {run.openDeadLetters > 0 && <span className="fm-chip fm-chip--input">{formatCount(run.openDeadLetters)} dead</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="fm-runs__detail">
        {state.run === null ? (
          <p className="fm-muted fm-empty">{state.selectedRunId === null ? 'Select a run to see its steps, records and dead letters.' : 'Loading…'}</p>
        ) : (
          <>
            <header className="fm-runs__header" data-testid="run-detail">
              <h2>
                Run {state.run.id} <span className={`fm-status fm-status--${state.run.status.toLowerCase()}`}>{state.run.status.toLowerCase().replace(/_/g, ' ')}</span>
              </h2>
              <dl className="fm-facts">
                <dt>flow</dt>
                <dd>
                  {state.run.flowName} <span className="fm-muted fm-mono">{state.run.flowId}</span>
                </dd>
                <dt>file</dt>
                <dd className="fm-mono">{state.run.flowPath ?? '–'}</dd>
                <dt>started</dt>
                <dd>{formatTime(state.run.startedAt)}</dd>
                <dt>time</dt>
                <dd>{duration(state.run.startedAt, state.run.finishedAt)}</dd>
                <dt>reason</dt>
                <dd>
                  {state.run.reason}
                  {state.run.parentRunId !== null && ` of run ${state.run.parentRunId}`}
                </dd>
                {Object.keys(state.run.params).length > 0 && (
                  <>
                    <dt>parameters</dt>
                    <dd className="fm-mono">
                      {Object.entries(state.run.params)
                        .map(([name, value]) => `${name}=${String(value)}`)
                        .join('  ')}
                    </dd>
                  </>
                )}
              </dl>
              {state.run.error !== null && <p className="fm-error-text">{state.run.error}</p>}
            </header>
            <h3 className="fm-section-title">Steps</h3>
            <div className="fm-table-wrap">
              <table className="fm-table fm-table--clickable" data-testid="runs-steps">
                <thead>
                  <tr>
                    <th>node</th>
                    <th>type</th>
                    <th>status</th>
                    <th className="fm-num">in</th>
                    <th>out per port</th>
                    <th className="fm-num">errors</th>
                    <th className="fm-num">time</th>
                  </tr>
                </thead>
                <tbody>
                  {state.steps.map((step) => (
                    <tr key={step.nodeId} className={step.nodeId === state.selectedNodeId ? 'is-selected' : undefined} onClick={() => void openStep(step.nodeId)} data-testid={`runs-step-${step.nodeId}`}>
                      <td className="fm-mono">{step.nodeId}</td>
                      <td className="fm-muted">{step.nodeType}</td>
                      <td>
                        <span className={`fm-status fm-status--${step.status.toLowerCase()}`}>{step.status.toLowerCase()}</span>
                      </td>
                      <td className="fm-num">{formatCount(step.recordsIn)}</td>
                      <td className="fm-ports-cell">
                        {Object.entries(step.outputs).map(([port, count]) => (
                          <span key={port} className={`fm-port-count ${count > 0 && (port === 'error' || port === 'invalid') ? 'is-bad' : ''}`}>
                            {port} <strong>{formatCount(count)}</strong>
                          </span>
                        ))}
                      </td>
                      <td className="fm-num">{formatCount(step.errors)}</td>
                      <td className="fm-num">{formatDuration(step.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {selectedStep !== undefined && (
              <>
                <h3 className="fm-section-title">Records of {selectedStep.nodeId}</h3>
                <SamplePreview key={`${state.run.id}-${selectedStep.nodeId}`} nodeId={selectedStep.nodeId} samples={state.samples} counts={selectedStep.outputs} loading={state.samples === null} />
              </>
            )}
            <h3 className="fm-section-title">Dead letters</h3>
            <DeadLetterTable deadLetters={state.deadLetters} />
          </>
        )}
      </section>
    </div>
  );
}
