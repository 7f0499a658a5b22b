/**
 * Pending approvals, as the run store keeps them. Records that reach an approve node wait here,
 * in the history file rather than in a process, so they survive restarts. Each decision is an
 * audit row.
 */
import type { FlowRecord } from '../records.js';
import type { OverdueAction } from '../sdk/node-kind.js';
import type { ApprovalStatus, RunStatus } from '../statuses.js';

export interface NewApproval {
  runId: number;
  flowId: string;
  flowHash: string;
  nodeId: string;
  record: FlowRecord;
  /** Content hash of the record's data, to recognise the same record held again by a re-run. */
  contentHash: string;
  assignee: string | null;
  role: string | null;
  /** The named approvers; empty when anyone may decide. */
  approvers: readonly string[];
  /** Approvals needed before the record continues on `approved`. */
  approvalsRequired: number;
  /** Fields of the record's data an approver may change, with the fields inside them. */
  editableFields: readonly string[];
  /** Dotted paths of the data fields shown to deciders; empty to show the editable fields. */
  summaryFields: readonly string[];
  /** ISO time after which the approval is overdue, or null for none. */
  dueAt: string | null;
  onOverdue: OverdueAction;
}

export const APPROVAL_ACTIONS = ['approve', 'reject', 'edit', 'escalate'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** One row of an approval's audit trail. */
export interface ApprovalAuditEntry {
  action: ApprovalAction;
  /** Name of the person who acted, or `flowmason` for an escalation. */
  actor: string;
  /** Fields changed by an edit, with their values before and after. */
  changes: Record<string, { from: unknown; to: unknown }> | null;
  comment: string | null;
  decidedAt: string;
}

export interface Approval extends NewApproval {
  id: number;
  rootRunId: number;
  recordKey: string | null;
  status: ApprovalStatus;
  createdAt: string;
  decidedAt: string | null;
  /** The run that continued the decided record downstream, once one started. */
  continuationRunId: number | null;
  /**
   * A later run that brought the same key to the same approve node with other content, while this
   * approval was pending. A superseded approval cannot be decided and holds up no run.
   */
  supersededByRunId: number | null;
  audit: ApprovalAuditEntry[];
}

/** The change a decision makes to an approval, as worked out by the approval rules. */
export interface ApprovalChange {
  status: ApprovalStatus;
  /** The record with edits applied, when the decision edited it. */
  record?: FlowRecord;
  audit: Omit<ApprovalAuditEntry, 'decidedAt'>;
}

export interface ApprovalFilter {
  statuses?: readonly ApprovalStatus[];
  runId?: number;
  flowId?: string;
  recordKey?: string;
  ids?: readonly number[];
}

/** The outcome of {@link ApprovalStore.addApprovals} for the records it was given. */
export interface AddedApprovals {
  /** Records stored as new pending approvals. */
  added: number;
  /** Records not stored because the same record waits for a decision already, or was held earlier in the same lineage. */
  skipped: number;
  /** Records decided before, by their index in the input, with the newest approval that decided them. */
  decided: Map<number, Approval>;
}

export interface ApprovalStore {
  /**
   * Stores pending approvals, unless a decision on the same record exists. A decision is
   * remembered per flow, approve node, business key and content hash: a record that an earlier
   * run of the flow held with the same key and content at the same node, and that was approved or
   * rejected, is returned in `decided` with that approval. Otherwise it is skipped, so that no one
   * is asked twice, when such an approval is still pending, or when the same lineage held it
   * before (as a re-run after a crash does). Records without a key are always stored.
   */
  addApprovals(approvals: readonly NewApproval[]): Promise<AddedApprovals>;
  getApproval(id: number): Promise<Approval | undefined>;
  /** Oldest first. */
  listApprovals(filter?: ApprovalFilter): Promise<Approval[]>;
  /**
   * Reads the approval and applies `decide` to it in one write transaction, so two people deciding
   * at once are counted correctly. `decide` throws an InputError to reject the decision.
   */
  decideApproval(id: number, decide: (approval: Approval) => ApprovalChange): Promise<Approval>;
  /** Marks decided approvals as continued by run `runId`. */
  claimApprovals(ids: readonly number[], runId: number): Promise<void>;
  /**
   * Decided approvals whose record has not been continued: no continuation run, or one that was
   * interrupted before it ended.
   */
  listUncontinuedApprovals(): Promise<Approval[]>;
  /**
   * Moves a WAITING run to COMPLETED, or COMPLETED_WITH_ERRORS when it has open dead letters, once
   * every approval of the run is decided and continued by a run that ended; its WAITING steps
   * become COMPLETED. Returns the new status, or undefined when the run still waits or is not WAITING.
   */
  settleWaitingRun(runId: number): Promise<RunStatus | undefined>;
}
