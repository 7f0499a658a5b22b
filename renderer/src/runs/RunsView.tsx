/**
 * Run history: every run, newest first, with its lineage (a replay, rerun or approval run names
 * the run it continues). A run shows its steps with counts per port, a step's records, and its
 * dead letters, which can be replayed. Re-run runs it again on the input it read.
 */
import { useEffect } from 'react';
import type { RunInfo } from '../../../engine/api/index.js';
import { formatCount, formatDuration, formatTime } from '../canvas/format.js';
import { DeadLetterTable } from '../panels/DeadLetterTable.js';
import { ReplayBar } from '../panels/ReplayBar.js';
import { SamplePreview } from '../panels/SamplePreview.js';
import { loadRuns, openRun, openStep, rerunOpenRun } from '../services/runs-service.js';
import { useRunsViewStore, type RunsViewState } from '../stores/runs-view-store.js';

const selectState = (state: RunsViewState) => state;

function duration(startedAt: string, finishedAt: string | null): string {
  return finishedAt === null ? 'running' : formatDuration(Date.parse(finishedAt) - Date.parse(startedAt));
}

function statusText(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

/** "replay of run 3", or null for a run its trigger started. */
export function lineageText(run: Pick<RunInfo, 'reason' | 'parentRunId'>): string | null {
  return run.parentRunId === null ? null : `${run.reason} of run ${run.parentRunId}`;
}

function RunLink({ runId }: { runId: number }) {
  return (
    <button type="button" className="fm-link-button" onClick={() => void openRun(runId)} data-testid={`run-link-${runId}`}>
      run {runId}
    </button>
  );
}

export function RunsView() {
  const state = useRunsViewStore(selectState);
  useEffect(() => {
    void loadRuns();
  }, []);
  const selectedStep = state.steps.find((step) => step.nodeId === state.selectedNodeId);
  const run = state.run;
  const children = run === null ? [] : state.runs.filter((candidate) => candidate.parentRunId === run.id).sort((a, b) => a.id - b.id);
  const nodes = state.steps.map((step) => ({ id: step.nodeId, name: state.nodeNames[step.nodeId] ?? step.nodeId }));
  const nameOf = (nodeId: string): string => state.nodeNames[nodeId] ?? nodeId;

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
          {state.runs.map((item) => (
            <li key={item.id}>
              <button type="button" className={`fm-runs__item ${item.id === state.selectedRunId ? 'is-selected' : ''}`} onClick={() => void openRun(item.id)} data-testid={`run-${item.id}`}>
                <span className="fm-runs__item-head">
                  <strong>#{item.id}</strong> {item.flowName}
                </span>
                {lineageText(item) !== null && <span className="fm-runs__lineage">{lineageText(item)}</span>}
                <span className="fm-runs__item-meta">
                  <span className={`fm-status fm-status--${item.status.toLowerCase()}`}>{statusText(item.status)}</span>
                  <span className="fm-muted">{formatTime(item.startedAt)}</span>
                  {item.openDeadLetters > 0 && <span className="fm-chip fm-chip--input">{formatCount(item.openDeadLetters)} dead</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="fm-runs__detail">
        {run === null ? (
          <p className="fm-muted fm-empty">{state.selectedRunId === null ? 'Select a run to see its steps, records and dead letters.' : 'Loading…'}</p>
        ) : (
          <>
            <header className="fm-runs__header" data-testid="run-detail">
              <div className="fm-runs__title">
                <h2>
                  Run {run.id} <span className={`fm-status fm-status--${run.status.toLowerCase()}`}>{statusText(run.status)}</span>
                </h2>
                <button
                  type="button"
                  className="fm-button fm-button--small"
                  disabled={state.rerunning || run.status === 'RUNNING' || run.status === 'QUEUED'}
                  onClick={() => void rerunOpenRun()}
                  title="Run it again from its sources, on the input it read, with its parameters; sinks skip what it already delivered"
                  data-testid="rerun-button"
                >
                  {state.rerunning ? 'Re-running…' : 'Re-run'}
                </button>
              </div>
              {state.rerunError !== null && state.rerunError.runId === run.id && (
                <div className="fm-error-text fm-small" data-testid="rerun-error">
                  {state.rerunError.message}
                  {/(input|lookup) file .* (changed|is missing)/.test(state.rerunError.message) && (
                    <button type="button" className="fm-link-button" onClick={() => void rerunOpenRun(true)}>
                      Re-run on the files as they are now
                    </button>
                  )}
                </div>
              )}
              <dl className="fm-facts">
                <dt>flow</dt>
                <dd>
                  {run.flowName} <span className="fm-muted fm-mono">{run.flowId}</span>
                </dd>
                <dt>file</dt>
                <dd className="fm-mono">{run.flowPath ?? '–'}</dd>
                <dt>started</dt>
                <dd>{formatTime(run.startedAt)}</dd>
                <dt>time</dt>
                <dd>{duration(run.startedAt, run.finishedAt)}</dd>
                <dt>reason</dt>
                <dd data-testid="run-lineage">
                  {run.parentRunId === null ? (
                    run.reason
                  ) : (
                    <>
                      {run.reason} of <RunLink runId={run.parentRunId} />
                    </>
                  )}
                </dd>
                {children.length > 0 && (
                  <>
                    <dt>continued by</dt>
                    <dd data-testid="run-children">
                      {children.map((child, index) => (
                        <span key={child.id}>
                          {index > 0 && ', '}
                          <RunLink runId={child.id} /> ({child.reason}, {statusText(child.status)})
                        </span>
                      ))}
                    </dd>
                  </>
                )}
                {Object.keys(run.params).length > 0 && (
                  <>
                    <dt>parameters</dt>
                    <dd className="fm-mono">
                      {Object.entries(run.params)
                        .map(([name, value]) => `${name}=${String(value)}`)
                        .join('  ')}
                    </dd>
                  </>
                )}
              </dl>
              {run.error !== null && <p className="fm-error-text">{run.error}</p>}
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
                      <td>
                        <div>{nameOf(step.nodeId)}</div>
                        <div className="fm-muted fm-small fm-mono">{step.nodeId}</div>
                      </td>
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
                <h3 className="fm-section-title">Records of {nameOf(selectedStep.nodeId)}</h3>
                <SamplePreview key={`${run.id}-${selectedStep.nodeId}`} nodeId={selectedStep.nodeId} samples={state.samples} counts={selectedStep.outputs} loading={state.samples === null} />
              </>
            )}
            <h3 className="fm-section-title">Dead letters</h3>
            <ReplayBar deadLetters={state.deadLetters} nodes={nodes} />
            <DeadLetterTable deadLetters={state.deadLetters} />
          </>
        )}
      </section>
    </div>
  );
}
