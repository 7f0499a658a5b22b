/**
 * The approvals inbox: records held by approve nodes, oldest first. An approver opens one, reads
 * its record, may change the fields the node lists as editable, and approves, or rejects it with a
 * comment. The record then continues downstream of the approve node in a new run.
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApprovalInfo } from '../../../engine/api/index.js';
import { formatTime } from '../canvas/format.js';
import { decide, loadApprovals, setActor } from '../services/approvals-service.js';
import { runCommand } from '../services/commands.js';
import { openRun } from '../services/runs-service.js';
import { useApprovalsStore, type ApprovalsState } from '../stores/approvals-store.js';
import { changedFields, fieldText, summaryLine } from './field-edits.js';

const selectList = (state: ApprovalsState) => ({ approvals: state.approvals, loading: state.loading, error: state.error, showDecided: state.showDecided, selectedId: state.selectedId });
const selectDecider = (state: ApprovalsState) => ({ actor: state.actor, deciding: state.deciding });

const AUDIT_VERBS: Record<ApprovalInfo['audit'][number]['action'], string> = { approve: 'approved', reject: 'rejected', edit: 'changed', escalate: 'escalated' };

function decidesText(approval: ApprovalInfo): string {
  const parts: string[] = [];
  if (approval.assignee !== null) {
    parts.push(approval.assignee);
  }
  if (approval.role !== null) {
    parts.push(`role ${approval.role}`);
  }
  if (approval.approvers.length > 0) {
    parts.push(approval.approvers.join(', '));
  }
  return parts.length === 0 ? 'anyone' : parts.join('; ');
}

function showRun(runId: number): void {
  runCommand('view.runs');
  void openRun(runId);
}

function ApprovalDetail({ approval }: { approval: ApprovalInfo }) {
  const { actor, deciding } = useApprovalsStore(useShallow(selectDecider));
  const data = approval.record.data;
  const initialTexts = (): Record<string, string> => Object.fromEntries(approval.editableFields.map((field) => [field, fieldText(data[field])]));
  const [texts, setTexts] = useState(initialTexts);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const pending = approval.status === 'PENDING';

  let edits: Record<string, unknown> = {};
  let editProblem: string | null = null;
  try {
    edits = changedFields(data, texts);
  } catch (error) {
    editProblem = (error as Error).message;
  }
  const editedCount = Object.keys(edits).length;

  const send = async (action: 'approve' | 'reject'): Promise<void> => {
    if (action === 'reject' && comment.trim() === '') {
      setProblem('Say why in the comment; a rejection is kept in the audit trail with its reason.');
      return;
    }
    if (action === 'approve' && editProblem !== null) {
      setProblem(editProblem);
      return;
    }
    setProblem(null);
    if (await decide(approval.id, { action, comment, ...(action === 'approve' ? { edits } : {}) })) {
      setComment('');
    }
  };

  return (
    <div className="fm-approval" data-testid="approval-detail">
      <header className="fm-runs__header">
        <h2>
          Approval {approval.id} <span className="fm-mono">{approval.recordKey ?? ''}</span> <span className={`fm-status fm-status--${approval.status.toLowerCase()}`}>{approval.status.toLowerCase()}</span>
        </h2>
        <dl className="fm-facts">
          <dt>flow</dt>
          <dd className="fm-mono">{approval.flowId}</dd>
          <dt>held by</dt>
          <dd className="fm-mono">{approval.nodeId}</dd>
          <dt>run</dt>
          <dd>
            <button type="button" className="fm-link-button" onClick={() => showRun(approval.runId)}>
              run {approval.runId}
            </button>
            {approval.continuationRunId !== null && (
              <>
                {' '}
                → continued in{' '}
                <button type="button" className="fm-link-button" onClick={() => showRun(approval.continuationRunId as number)}>
                  run {approval.continuationRunId}
                </button>
              </>
            )}
          </dd>
          <dt>decides</dt>
          <dd>{decidesText(approval)}</dd>
          <dt>approvals</dt>
          <dd>
            {approval.approvalsGiven} of {approval.approvalsRequired}
          </dd>
          <dt>due</dt>
          <dd>{approval.dueAt === null ? '–' : formatTime(approval.dueAt)}</dd>
          <dt>held since</dt>
          <dd>{formatTime(approval.createdAt)}</dd>
        </dl>
      </header>
      <h3 className="fm-section-title">Record</h3>
      <table className="fm-table fm-table--form fm-approval__record">
        <tbody>
          {Object.keys({ ...data, ...Object.fromEntries(approval.editableFields.map((field) => [field, undefined])) }).map((field) => {
            const editable = pending && approval.editableFields.includes(field);
            return (
              <tr key={field}>
                <th className="fm-mono">{field}</th>
                <td>
                  {editable ? (
                    <input
                      className={`fm-input fm-mono ${texts[field] !== fieldText(data[field]) ? 'is-changed' : ''}`}
                      value={texts[field] ?? ''}
                      onChange={(event) => setTexts({ ...texts, [field]: event.target.value })}
                      aria-label={`New value of ${field}`}
                      data-testid={`approval-field-${field}`}
                    />
                  ) : (
                    <span className="fm-mono">{fieldText(data[field])}</span>
                  )}
                </td>
                <td className="fm-muted fm-small">{editable ? 'editable' : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pending ? (
        <div className="fm-approval__decide">
          <label className="fm-label" htmlFor="approval-comment">
            Comment <span className="fm-muted">(kept in the audit trail; required to reject)</span>
          </label>
          <textarea id="approval-comment" className="fm-input" rows={2} value={comment} onChange={(event) => {
              setComment(event.target.value);
              setProblem(null);
            }} data-testid="approval-comment" />
          <div className="fm-approval__actions">
            <label className="fm-small">
              Deciding as{' '}
              <input className="fm-input fm-input--inline" value={actor} onChange={(event) => setActor(event.target.value)} aria-label="Your name" data-testid="approval-actor" />
            </label>
            <button type="button" className="fm-button fm-button--primary" disabled={deciding} onClick={() => void send('approve')} data-testid="approve-button">
              {editedCount > 0 ? `Save ${editedCount} change${editedCount === 1 ? '' : 's'}` : 'Approve'}
            </button>
            <button type="button" className="fm-button fm-button--danger" disabled={deciding} onClick={() => void send('reject')} data-testid="reject-button">
              Reject
            </button>
          </div>
          {editedCount > 0 && <p className="fm-muted fm-small">A change does not approve: another approver checks the changed record and approves it.</p>}
          {(problem ?? editProblem) !== null && (
            <p className="fm-error-text fm-small" data-testid="approval-problem">
              {problem ?? editProblem}
            </p>
          )}
        </div>
      ) : null}
      {approval.audit.length > 0 && (
        <>
          <h3 className="fm-section-title">Audit trail</h3>
          <ul className="fm-audit" data-testid="approval-audit">
            {approval.audit.map((entry, index) => (
              <li key={index}>
                <span className="fm-muted">{formatTime(entry.decidedAt)}</span> <strong>{entry.actor}</strong> {AUDIT_VERBS[entry.action]}
                {entry.changes !== null && ` ${Object.entries(entry.changes).map(([field, change]) => `${field} from ${JSON.stringify(change.from)} to ${JSON.stringify(change.to)}`).join(', ')}`}
                {entry.comment !== null && <span className="fm-muted">: {entry.comment}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function ApprovalsView() {
  const state = useApprovalsStore(useShallow(selectList));
  useEffect(() => {
    void loadApprovals();
  }, [state.showDecided]);
  const selected = state.approvals.find((approval) => approval.id === state.selectedId);
  const pendingCount = state.approvals.filter((approval) => approval.status === 'PENDING').length;

  return (
    <div className="fm-runs" data-testid="approvals-view">
      <aside className="fm-runs__list">
        <div className="fm-panel-title">
          Approvals {pendingCount > 0 && <span className="fm-tab__count">{pendingCount}</span>}
          <button type="button" className="fm-button fm-button--quiet fm-button--small" onClick={() => void loadApprovals()}>
            Refresh
          </button>
        </div>
        <label className="fm-small fm-approvals__filter">
          <input type="checkbox" checked={state.showDecided} onChange={(event) => useApprovalsStore.getState().setShowDecided(event.target.checked)} /> Show decided approvals
        </label>
        {state.error !== null && <p className="fm-error-text fm-empty">{state.error}</p>}
        {state.approvals.length === 0 && !state.loading && <p className="fm-muted fm-empty">No record waits for an approval.</p>}
        <ul>
          {state.approvals.map((approval) => (
            <li key={approval.id}>
              <button type="button" className={`fm-runs__item ${approval.id === state.selectedId ? 'is-selected' : ''}`} onClick={() => useApprovalsStore.getState().select(approval.id)} data-testid={`approval-${approval.id}`}>
                <span className="fm-runs__item-head">
                  <strong>#{approval.id}</strong> <span className="fm-mono">{approval.recordKey ?? '–'}</span>
                </span>
                {approval.summaryFields.length > 0 && <span className="fm-approvals__summary">{summaryLine(approval.record.data, approval.summaryFields)}</span>}
                <span className="fm-runs__lineage">
                  {approval.flowId} · {approval.nodeId} · run {approval.runId}
                </span>
                <span className="fm-runs__item-meta">
                  <span className={`fm-status fm-status--${approval.status.toLowerCase()}`}>{approval.status.toLowerCase()}</span>
                  <span className="fm-muted">
                    {approval.approvalsGiven} of {approval.approvalsRequired} · {decidesText(approval)}
                  </span>
                  {approval.dueAt !== null && <span className="fm-muted">due {formatTime(approval.dueAt)}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section className="fm-runs__detail">{selected === undefined ? <p className="fm-muted fm-empty">Select an approval to see its record and decide.</p> : <ApprovalDetail key={`${selected.id}-${selected.audit.length}`} approval={selected} />}</section>
    </div>
  );
}
