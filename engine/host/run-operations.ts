/**
 * The operators' half of the engine host: replay, rerun and approval decisions on top of
 * engine/operations, with the runs they start followed by the host's {@link RunManager}.
 */
import { userInfo } from 'node:os';
import { errorMessage, FlowmasonError } from '../errors.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import type { Logger } from '../logger.js';
import { approvalsStillNeeded } from '../operations/approval-rules.js';
import { continueDecidedApprovals, decideApprovals } from '../operations/approvals.js';
import type { OperationContext } from '../operations/continue-run.js';
import { replayDeadLetters } from '../operations/replay.js';
import { describeChange, rerunRun } from '../operations/rerun.js';
import type { Approval } from '../store/approval-store.js';
import type { RunStore } from '../store/run-store.js';
import type { ApiRequest, ApiResponse } from '../api/index.js';
import type { ApprovalInfo } from '../api/approvals.api.js';
import type { RunManager } from './run-manager.js';

/** Source recorded in the history with each edit of dead letter data made in the designer. */
const DESIGNER_EDIT_SOURCE = 'designer';

export interface RunOperationsOptions {
  store: RunStore;
  registry: NodeRegistry;
  logger: Logger;
  runs: RunManager;
  /** Folder relative paths resolve against for runs that did not start from a flow file. */
  workingDir: string;
}

export class RunOperations {
  constructor(private readonly options: RunOperationsOptions) {}

  private get context(): OperationContext {
    return { store: this.options.store, registry: this.options.registry, logger: this.options.logger, workingDir: this.options.workingDir };
  }

  async replayDeadLetters(request: ApiRequest<'replayDeadLetters'>): Promise<ApiResponse<'replayDeadLetters'>> {
    const edits = new Map((request.edits ?? []).map((edit) => [edit.deadLetterId, edit.data]));
    const outcomes = await this.options.runs.track((controls) =>
      replayDeadLetters(this.context, {
        filter: {},
        ids: request.deadLetterIds,
        edits,
        editSource: DESIGNER_EDIT_SOURCE,
        version: request.flowVersion ?? 'original',
        ...(request.fromNode === undefined ? {} : { fromNode: request.fromNode }),
        run: controls,
      }),
    );
    return {
      runs: outcomes.map((outcome) => ({
        runId: outcome.result.runId,
        parentRunId: outcome.parent.id,
        status: outcome.result.status,
        error: outcome.result.error,
        deadLetterIds: outcome.deadLetters.map((letter) => letter.id),
        edits: outcome.edits,
      })),
    };
  }

  async rerunRun(request: ApiRequest<'rerunRun'>): Promise<ApiResponse<'rerunRun'>> {
    const outcome = await this.options.runs.track((controls) =>
      rerunRun(this.context, { runId: request.runId, version: request.flowVersion ?? 'original', force: request.force === true, run: controls }),
    );
    return {
      runId: outcome.result.runId,
      parentRunId: outcome.parent.id,
      status: outcome.result.status,
      error: outcome.result.error,
      inputChanges: outcome.changes.map((change) => describeChange(change, request.runId)),
    };
  }

  /** Lists approvals. NOTE: overdue approvals are not escalated here; `flowmason approvals` or `serve` does that. */
  async listApprovals(request: ApiRequest<'listApprovals'>): Promise<ApiResponse<'listApprovals'>> {
    const approvals = await this.options.store.listApprovals({
      statuses: request.statuses ?? ['PENDING'],
      ...(request.runId === undefined ? {} : { runId: request.runId }),
    });
    return { approvals: approvals.map(describeApproval), defaultActor: defaultActor() };
  }

  /** Applies a decision, then continues every decided approval not yet continued, as `flowmason approve` does. */
  async decideApprovals(request: ApiRequest<'decideApprovals'>): Promise<ApiResponse<'decideApprovals'>> {
    const context = this.context;
    const { decided, failures } = await decideApprovals(context, request.ids, {
      action: request.action,
      actor: request.actor,
      ...(request.comment === undefined ? {} : { comment: request.comment }),
      ...(request.edits === undefined ? {} : { edits: request.edits }),
    });
    const unexpected = failures.find((failure) => !(failure.error instanceof FlowmasonError));
    if (unexpected !== undefined) {
      throw unexpected.error;
    }
    const continued = await this.options.runs.track((controls) => continueDecidedApprovals(context, controls));
    return {
      decided: decided.map((approval) => ({ id: approval.id, status: approval.status, approvalsNeeded: approvalsStillNeeded(approval) })),
      failures: failures.map((failure) => ({ id: failure.id, message: errorMessage(failure.error) })),
      continued: continued.map((continuation) => ({
        runId: continuation.result.runId,
        parentRunId: continuation.parent.id,
        status: continuation.result.status,
        error: continuation.result.error,
        approvalIds: continuation.approvals.map((approval) => approval.id),
      })),
    };
  }
}

function describeApproval(approval: Approval): ApprovalInfo {
  return {
    id: approval.id,
    runId: approval.runId,
    rootRunId: approval.rootRunId,
    flowId: approval.flowId,
    nodeId: approval.nodeId,
    recordKey: approval.recordKey,
    record: approval.record,
    status: approval.status,
    assignee: approval.assignee,
    role: approval.role,
    approvers: [...approval.approvers],
    approvalsRequired: approval.approvalsRequired,
    approvalsGiven: approval.approvalsRequired - approvalsStillNeeded(approval),
    editableFields: [...approval.editableFields],
    dueAt: approval.dueAt,
    createdAt: approval.createdAt,
    decidedAt: approval.decidedAt,
    continuationRunId: approval.continuationRunId,
    audit: approval.audit,
  };
}

/** Who decides unless the caller names someone: $FLOWMASON_USER, else the login name of the host's user. */
function defaultActor(): string {
  const fromEnvironment = process.env.FLOWMASON_USER;
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    return fromEnvironment;
  }
  try {
    return userInfo().username;
  } catch {
    // Some containers have no entry for the user; the inbox then starts with an empty name to fill in.
    return '';
  }
}
