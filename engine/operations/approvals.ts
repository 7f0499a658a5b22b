/**
 * Deciding approvals and continuing decided records. A decision is stored first, as an audit row
 * written in one transaction with the status. Records whose approval is settled then continue
 * downstream of their approve node, in a continuation run per parent run with the parent's flow
 * version.
 * Continuing is idempotent: it picks up every decided approval not yet continued by a run that
 * ended, so a process that dies after a decision loses nothing.
 */
import { InputError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import { runFlow, type ContinuationEntry, type RunFlowOptions, type RunResult } from '../runtime/run-flow.js';
import type { Approval } from '../store/approval-store.js';
import type { RunStatus } from '../statuses.js';
import type { RunSummary } from '../store/run-store.js';
import { decideApproval, decidedRecord, escalateApproval, type DecisionRequest } from './approval-rules.js';
import { continuationSetup, type OperationContext } from './continue-run.js';

export interface DecisionFailure {
  id: number;
  error: unknown;
}

/** Applies one decision to each approval; a decision that breaks a rule is reported and the others still apply. */
export async function decideApprovals(
  context: OperationContext,
  ids: readonly number[],
  request: DecisionRequest,
): Promise<{ decided: Approval[]; failures: DecisionFailure[] }> {
  const decided: Approval[] = [];
  const failures: DecisionFailure[] = [];
  for (const id of ids) {
    try {
      if ((await context.store.getApproval(id)) === undefined) {
        throw new InputError(`approval ${id} not found in the run history`);
      }
      decided.push(await context.store.decideApproval(id, (approval) => decideApproval(approval, request)));
    } catch (error) {
      failures.push({ id, error });
    }
  }
  return { decided, failures };
}

/** Escalates every pending approval whose due time has passed, as its node is configured to. Returns those escalated. */
export async function escalateOverdueApprovals(context: OperationContext, now: Date = new Date()): Promise<Approval[]> {
  const escalated: Approval[] = [];
  for (const approval of await context.store.listApprovals({ statuses: ['PENDING'] })) {
    if (escalateApproval(approval, now) === undefined) {
      continue;
    }
    escalated.push(
      await context.store.decideApproval(approval.id, (current) => {
        const change = escalateApproval(current, now);
        if (change === undefined) {
          throw new InputError(`approval ${current.id} was decided while it was being escalated`);
        }
        return change;
      }),
    );
  }
  return escalated;
}

/** One continuation run of decided approvals. */
export interface ApprovalContinuation {
  parent: RunSummary;
  approvals: Approval[];
  result: RunResult;
  /** The parent's status after the continuation, when it left WAITING. */
  parentStatus: RunStatus | undefined;
}

/**
 * Continues every decided approval not yet continued, one run per parent run, oldest first.
 * NOTE: two processes continuing at the same moment can both continue one approval, because the
 * claim is written only when the run starts, and can then deliver its record twice.
 */
export async function continueDecidedApprovals(
  context: OperationContext,
  run?: Pick<RunFlowOptions, 'signal' | 'onEvent' | 'batchSize' | 'sampleSize'>,
): Promise<ApprovalContinuation[]> {
  const byParent = new Map<number, Approval[]>();
  for (const approval of await context.store.listUncontinuedApprovals()) {
    byParent.set(approval.runId, [...(byParent.get(approval.runId) ?? []), approval]);
  }
  const continuations: ApprovalContinuation[] = [];
  for (const [runId, approvals] of [...byParent].sort(([a], [b]) => a - b)) {
    const parent = await context.store.getRun(runId);
    if (parent === undefined) {
      continue;
    }
    const setup = await continuationSetup(context, parent, 'original');
    const byNode = new Map<string, FlowRecord[]>();
    for (const approval of approvals) {
      byNode.set(approval.nodeId, [...(byNode.get(approval.nodeId) ?? []), decidedRecord(approval)]);
    }
    const entries: ContinuationEntry[] = [...byNode].map(([nodeId, records]) => ({ nodeId, records }));
    const result = await runFlow({
      ...setup.base,
      ...run,
      continuation: { reason: 'approval', parentRunId: parent.id, entries, approvalIds: approvals.map((approval) => approval.id) },
    });
    const after = await context.store.getRun(parent.id);
    const parentStatus = after !== undefined && after.status !== parent.status ? after.status : undefined;
    continuations.push({ parent, approvals, result, parentStatus });
  }
  return continuations;
}
