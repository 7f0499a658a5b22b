/**
 * The rules of deciding an approval, as pure functions over the approval and its audit trail:
 *
 * - only the named approvers may decide, when the approve node names any;
 * - one rejection rejects; `approvalsRequired` approvals from different people approve;
 * - an approver may change the fields the node lists as editable; an edit does not approve, the
 *   approvals given before it no longer count (they were given to other data), and the person who
 *   edited may not approve afterwards (maker-checker: someone else checks the change);
 * - an approval whose due time passed is escalated as the node says.
 */
import { InputError } from '../errors.js';
import { withData, type ApprovalDecision, type FlowRecord } from '../records.js';
import type { Approval, ApprovalAuditEntry, ApprovalChange } from '../store/approval-store.js';

/** The actor recorded for escalations, which no person makes. */
export const SYSTEM_ACTOR = 'flowmason';

export interface DecisionRequest {
  action: 'approve' | 'reject';
  actor: string;
  /** New values of editable fields, applied before others approve. Only with `approve`. */
  edits?: Readonly<Record<string, unknown>>;
  comment?: string;
}

/** Works out what `request` changes on `approval`, or throws an InputError naming the rule it breaks. */
export function decideApproval(approval: Approval, request: DecisionRequest): ApprovalChange {
  if (approval.status !== 'PENDING') {
    throw new InputError(`approval ${approval.id} is already ${approval.status.toLowerCase()}; there is nothing left to decide`);
  }
  if (approval.approvers.length > 0 && !approval.approvers.includes(request.actor)) {
    throw new InputError(`${request.actor} is not an approver of approval ${approval.id}; its approvers are ${approval.approvers.join(', ')}`);
  }
  const comment = request.comment ?? null;
  if (request.action === 'reject') {
    if (comment === null || comment.trim() === '') {
      throw new InputError(`rejecting approval ${approval.id} needs a comment that says why; pass --comment`);
    }
    return { status: 'REJECTED', audit: { action: 'reject', actor: request.actor, changes: null, comment } };
  }
  if (request.edits !== undefined && Object.keys(request.edits).length > 0) {
    return editApproval(approval, request.actor, request.edits, comment);
  }
  if (editors(approval).has(request.actor)) {
    throw new InputError(`${request.actor} edited the data of approval ${approval.id} and cannot also approve it; another approver must check the change`);
  }
  const approvals = currentApprovers(approval);
  if (approvals.has(request.actor)) {
    throw new InputError(`${request.actor} has already approved approval ${approval.id}; ${approvalsStillNeeded(approval)} more needed from other approvers`);
  }
  const status = approvals.size + 1 >= approval.approvalsRequired ? 'APPROVED' : 'PENDING';
  return { status, audit: { action: 'approve', actor: request.actor, changes: null, comment } };
}

/** Escalates an overdue approval as its node says; undefined when the node says to wait. */
export function escalateApproval(approval: Approval, now: Date): ApprovalChange | undefined {
  if (approval.status !== 'PENDING' || approval.dueAt === null || approval.dueAt > now.toISOString() || approval.onOverdue === 'wait') {
    return undefined;
  }
  const comment = `due ${approval.dueAt} passed without a decision`;
  return {
    status: approval.onOverdue === 'reject' ? 'REJECTED' : 'OVERDUE',
    audit: { action: 'escalate', actor: SYSTEM_ACTOR, changes: null, comment },
  };
}

/** Approvals still needed before `approval` is approved. */
export function approvalsStillNeeded(approval: Approval): number {
  return Math.max(0, approval.approvalsRequired - currentApprovers(approval).size);
}

/** The record to continue downstream of the approve node, with the decision attached. */
export function decidedRecord(approval: Approval): FlowRecord {
  return { ...approval.record, decision: approvalDecision(approval) };
}

/** The decision on a settled approval, as records that continue past its node carry it. */
export function approvalDecision(approval: Approval): ApprovalDecision {
  const settling = approval.audit[approval.audit.length - 1];
  return {
    approvalId: approval.id,
    nodeId: approval.nodeId,
    outcome: approval.status === 'APPROVED' ? 'approved' : approval.status === 'REJECTED' ? 'rejected' : 'overdue',
    decidedBy: deciders(approval),
    ...(approval.decidedAt === null ? {} : { decidedAt: approval.decidedAt }),
    ...(settling?.comment === null || settling?.comment === undefined ? {} : { comment: settling.comment }),
  };
}

function editApproval(approval: Approval, actor: string, edits: Readonly<Record<string, unknown>>, comment: string | null): ApprovalChange {
  const changes: NonNullable<ApprovalAuditEntry['changes']> = {};
  for (const [field, value] of Object.entries(edits)) {
    if (!approval.editableFields.includes(field)) {
      const editable =
        approval.editableFields.length === 0 ? `node '${approval.nodeId}' allows no edits` : `the editable fields are ${approval.editableFields.join(', ')}`;
      throw new InputError(`field '${field}' of approval ${approval.id} is not editable; ${editable}`);
    }
    changes[field] = { from: approval.record.data[field] ?? null, to: value };
  }
  const data = { ...approval.record.data, ...edits };
  return { status: 'PENDING', record: withData(approval.record, data), audit: { action: 'edit', actor, changes, comment } };
}

/** Everyone who edited the record. */
function editors(approval: Approval): Set<string> {
  return new Set(approval.audit.filter((entry) => entry.action === 'edit').map((entry) => entry.actor));
}

/** People whose approval counts: those who approved after the last edit. */
function currentApprovers(approval: Approval): Set<string> {
  let lastEdit = -1;
  approval.audit.forEach((entry, index) => {
    if (entry.action === 'edit') {
      lastEdit = index;
    }
  });
  return new Set(approval.audit.slice(lastEdit + 1).filter((entry) => entry.action === 'approve').map((entry) => entry.actor));
}

function deciders(approval: Approval): string[] {
  if (approval.status === 'APPROVED') {
    return [...currentApprovers(approval)];
  }
  return approval.audit.filter((entry) => entry.action === 'reject').map((entry) => entry.actor);
}
