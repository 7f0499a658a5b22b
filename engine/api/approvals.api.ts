/**
 * The approvals inbox: records held by approve nodes, and decisions on them. A decision that
 * settles an approval continues its record downstream of the approve node in a new run, on
 * `approved` or `rejected`. `decideApprovals` returns once those runs have ended.
 */
import { Type, type Static } from '@sinclair/typebox';
import { APPROVAL_ACTIONS } from '../store/approval-store.js';
import { APPROVAL_STATUSES } from '../statuses.js';
import type { ApiMethodTable } from './method-table.js';
import { ContinuationRunSchema } from './operations.api.js';
import { FlowRecordSchema } from './runs.api.js';

export const ApprovalStatusSchema = Type.Union(APPROVAL_STATUSES.map((status) => Type.Literal(status)));

export const ApprovalSchema = Type.Object({
  id: Type.Integer(),
  runId: Type.Integer(),
  rootRunId: Type.Integer(),
  flowId: Type.String(),
  nodeId: Type.String(),
  recordKey: Type.Union([Type.String(), Type.Null()]),
  record: FlowRecordSchema,
  status: ApprovalStatusSchema,
  assignee: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  /** The named approvers; empty when anyone may decide. */
  approvers: Type.Array(Type.String()),
  approvalsRequired: Type.Integer(),
  /** Approvals that count now: given after the last edit. */
  approvalsGiven: Type.Integer(),
  /** Fields of the record's data an approver may change while approving. */
  editableFields: Type.Array(Type.String()),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  continuationRunId: Type.Union([Type.Integer(), Type.Null()]),
  audit: Type.Array(
    Type.Object({
      action: Type.Union(APPROVAL_ACTIONS.map((action) => Type.Literal(action))),
      actor: Type.String(),
      changes: Type.Union([Type.Record(Type.String(), Type.Object({ from: Type.Unknown(), to: Type.Unknown() })), Type.Null()]),
      comment: Type.Union([Type.String(), Type.Null()]),
      decidedAt: Type.String(),
    }),
  ),
});
export type ApprovalInfo = Static<typeof ApprovalSchema>;

export const APPROVAL_METHODS = {
  /** Approvals, oldest first; pending ones unless `statuses` names others. `defaultActor` is who decides unless the caller names someone. */
  listApprovals: {
    request: Type.Object({ statuses: Type.Optional(Type.Array(ApprovalStatusSchema, { minItems: 1 })), runId: Type.Optional(Type.Integer({ minimum: 1 })) }),
    response: Type.Object({ approvals: Type.Array(ApprovalSchema), defaultActor: Type.String() }),
  },
  /**
   * Approves or rejects approvals as `actor`. A rejection needs a comment. `edits` changes editable
   * fields while approving; the editor's own approval then does not count. A decision that breaks
   * a rule is listed in `failures` and the others still apply.
   */
  decideApprovals: {
    request: Type.Object({
      ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000 }),
      action: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
      actor: Type.String({ minLength: 1, maxLength: 200 }),
      comment: Type.Optional(Type.String({ maxLength: 4000 })),
      edits: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
    response: Type.Object({
      decided: Type.Array(Type.Object({ id: Type.Integer(), status: ApprovalStatusSchema, approvalsNeeded: Type.Integer() })),
      failures: Type.Array(Type.Object({ id: Type.Integer(), message: Type.String() })),
      continued: Type.Array(Type.Composite([ContinuationRunSchema, Type.Object({ approvalIds: Type.Array(Type.Integer()) })])),
    }),
  },
} as const satisfies ApiMethodTable;
