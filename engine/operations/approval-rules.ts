/**
 * The rules of deciding an approval, as pure functions over the approval and its audit trail:
 *
 * - only the named approvers may decide, when the approve node names any;
 * - one rejection rejects; `approvalsRequired` approvals from different people approve;
 * - an approver may change the fields the node lists as editable, and fields inside them by a
 *   dotted path (`hazard.unNumber` when `hazard` is editable); an edit does not approve, the
 *   approvals given before it no longer count (they were given to other data), and the person who
 *   edited may not approve afterwards (maker-checker: someone else checks the change);
 * - an edit that sets a field to the value it has already is no change, so it neither counts as
 *   an edit nor keeps that person from approving;
 * - an approval whose due time passed is escalated as the node says.
 */
import { InputError } from '../errors.js';
import { describeInvalidFieldPath, RecordDataWriter } from '../expressions/field-path.js';
import { stableStringify } from '../sdk/content-hash.js';
import { withData, type ApprovalDecision, type FlowRecord } from '../records.js';
import type { Approval, ApprovalAuditEntry, ApprovalChange } from '../store/approval-store.js';

/** The actor recorded for escalations, which no person makes. */
export const SYSTEM_ACTOR = 'flowmason';

export interface DecisionRequest {
  action: 'approve' | 'reject';
  actor: string;
  /**
   * New values of editable fields by dotted path, applied before others approve. Only with
   * `approve`. A number or boolean given for a field that holds text is taken as text, because
   * `--edit class=3` cannot say which was meant.
   */
  edits?: Readonly<Record<string, unknown>>;
  comment?: string;
}

/** Works out what `request` changes on `approval`, or throws an InputError naming the rule it breaks. */
export function decideApproval(approval: Approval, request: DecisionRequest): ApprovalChange {
  if (approval.supersededByRunId !== null) {
    throw new InputError(
      `approval ${approval.id} is out of date: run ${approval.supersededByRunId} brought key '${approval.recordKey ?? ''}' to node '${approval.nodeId}' again with other content, so this record will not be delivered and needs no decision`,
    );
  }
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
  const edit = request.edits === undefined ? undefined : editApproval(approval, request.actor, request.edits, comment);
  if (edit !== undefined) {
    return edit;
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

/** Returns the decision on a settled approval, as records that continue past its node carry it. */
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

/** Applies the edits that change something, or returns undefined when none does. */
function editApproval(approval: Approval, actor: string, edits: Readonly<Record<string, unknown>>, comment: string | null): ApprovalChange | undefined {
  const changes: NonNullable<ApprovalAuditEntry['changes']> = {};
  const writer = new RecordDataWriter(approval.record.data);
  for (const [path, given] of Object.entries(edits)) {
    const segments = editablePath(approval, path);
    const current = valueAt(approval.record.data, segments);
    const value = typeof current === 'string' && (typeof given === 'number' || typeof given === 'boolean') ? String(given) : given;
    if (current !== undefined && stableStringify(current) === stableStringify(value)) {
      continue;
    }
    const blocked = writer.set(segments, value);
    if (blocked !== undefined) {
      throw new InputError(`field '${path}' of approval ${approval.id} cannot be set: '${blocked}' is not an object`);
    }
    changes[path] = { from: current ?? null, to: value };
  }
  if (Object.keys(changes).length === 0) {
    return undefined;
  }
  return { status: 'PENDING', record: withData(approval.record, writer.root), audit: { action: 'edit', actor, changes, comment } };
}

/**
 * Checks that `path` names an editable field or a field inside one, and returns its segments.
 * Below an editable field, only fields the data already has can be set, so a typo in the path
 * is reported instead of added.
 */
function editablePath(approval: Approval, path: string): string[] {
  const invalid = describeInvalidFieldPath(path);
  if (invalid !== undefined) {
    throw new InputError(`--edit for approval ${approval.id}: ${invalid}`);
  }
  const editable = approval.editableFields.find((field) => path === field || path.startsWith(`${field}.`));
  if (editable === undefined) {
    const inside = approval.editableFields.filter((field) => field.startsWith(`${path}.`));
    if (inside.length > 0) {
      throw new InputError(`field '${path}' of approval ${approval.id} is not editable as a whole; only ${inside.join(', ')} inside it can be changed`);
    }
    const allowed =
      approval.editableFields.length === 0
        ? `node '${approval.nodeId}' allows no edits`
        : `the editable fields are ${approval.editableFields.join(', ')} (with the fields inside them)`;
    throw new InputError(`field '${path}' of approval ${approval.id} is not editable; ${allowed}`);
  }
  const segments = path.split('.');
  if (path !== editable) {
    const parentPath = segments.slice(0, -1).join('.');
    const parent = valueAt(approval.record.data, segments.slice(0, -1));
    const name = segments[segments.length - 1] as string;
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
      throw new InputError(
        `field '${path}' of approval ${approval.id} cannot be set: '${parentPath}' is ${parent === undefined ? 'missing' : JSON.stringify(parent)}, not an object; set '${editable}' as a whole instead`,
      );
    }
    if (!Object.prototype.hasOwnProperty.call(parent, name)) {
      throw new InputError(
        `field '${path}' of approval ${approval.id} does not exist; '${parentPath}' has ${Object.keys(parent).join(', ') || 'no fields'}. To add a field, set '${editable}' as a whole`,
      );
    }
  }
  return segments;
}

/** Returns the value at `segments` in `data`, or undefined when a step is missing. */
function valueAt(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
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
