/** Loads the approvals inbox and sends decisions; remembers the name of who decides in local storage. */
import { api, describeError } from '../api/api.js';
import { useApprovalsStore } from '../stores/approvals-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { refreshRunsIfShown } from './runs-service.js';

const ACTOR_KEY = 'flowmason.approvals.actor';

export async function loadApprovals(): Promise<void> {
  const store = useApprovalsStore.getState();
  store.setLoading();
  try {
    const { approvals, defaultActor } = await api().listApprovals(store.showDecided ? { statuses: ['PENDING', 'APPROVED', 'REJECTED', 'OVERDUE'] } : {});
    useApprovalsStore.getState().setApprovals(approvals);
    if (useApprovalsStore.getState().actor === '') {
      useApprovalsStore.getState().setActor(readStoredActor() ?? defaultActor);
    }
  } catch (error) {
    useApprovalsStore.getState().setError(`Approvals could not be loaded: ${describeError(error)}`);
  }
}

export async function refreshApprovalsIfShown(): Promise<void> {
  if (useShellStore.getState().view === 'approvals') {
    await loadApprovals();
  }
}

function readStoredActor(): string | null {
  try {
    return window.localStorage.getItem(ACTOR_KEY);
  } catch {
    return null;
  }
}

export function setActor(actor: string): void {
  useApprovalsStore.getState().setActor(actor);
  try {
    window.localStorage.setItem(ACTOR_KEY, actor);
  } catch {
    // Without storage the name lasts until the page closes.
  }
}

export interface Decision {
  action: 'approve' | 'reject';
  comment: string;
  /** New values of editable fields, when approving. */
  edits?: Record<string, unknown>;
}

/**
 * Decides one approval as the inbox's actor and resolves true when the host took the decision.
 * A decision that breaks a rule (a rejection without comment, approving one's own edit) is shown
 * as an error and changes nothing.
 */
export async function decide(approvalId: number, decision: Decision): Promise<boolean> {
  const store = useApprovalsStore.getState();
  const shell = useShellStore.getState();
  if (store.actor.trim() === '') {
    shell.notify('error', 'Enter your name under "Deciding as" first; the audit trail records who decided');
    return false;
  }
  store.setDeciding(true);
  try {
    const result = await api().decideApprovals({
      ids: [approvalId],
      action: decision.action,
      actor: store.actor.trim(),
      ...(decision.comment.trim() === '' ? {} : { comment: decision.comment.trim() }),
      ...(decision.edits === undefined || Object.keys(decision.edits).length === 0 ? {} : { edits: decision.edits }),
    });
    const failure = result.failures[0];
    if (failure !== undefined) {
      shell.notify('error', failure.message);
      return false;
    }
    const decided = result.decided[0];
    const continued = result.continued.map((run) => `run ${run.runId} ${run.status.toLowerCase().replace(/_/g, ' ')}`);
    let message = `Approval ${approvalId} is ${decided?.status.toLowerCase() ?? 'decided'}`;
    if (decided?.status === 'PENDING') {
      message += `; ${decided.approvalsNeeded} more approval${decided.approvalsNeeded === 1 ? '' : 's'} needed`;
    }
    shell.notify('info', continued.length === 0 ? message : `${message}; continued in ${continued.join(', ')}`);
    return true;
  } catch (error) {
    shell.notify('error', `The decision was not recorded: ${describeError(error)}`);
    return false;
  } finally {
    useApprovalsStore.getState().setDeciding(false);
    await loadApprovals();
    await refreshRunsIfShown();
  }
}
