/**
 * Builds the {@link NodeContext} one node gets in one run: its view of the run, and the bridges
 * from the node to the run store (ledger, approvals) that add what the node does not know: the
 * run, the step counters, and which dead letters a delivery settles.
 */
import { resolve as resolvePath } from 'node:path';
import type { Logger } from '../logger.js';
import { withData, type FlowRecord } from '../records.js';
import { approvalDecision } from '../operations/approval-rules.js';
import { contentHash } from '../sdk/content-hash.js';
import type { ApprovalRequest, DeliveryLedger, ExpressionCompiler, NodeContext, TriggerInput } from '../sdk/node-kind.js';
import type { RetrySettings } from '../sdk/retry-policy.js';
import type { DeadLetterReach } from '../store/ledger-store.js';
import type { RunStore } from '../store/run-store.js';
import { retryOperation } from './retry.js';
import type { StepTracker } from './step-tracker.js';

export interface NodeContextParts {
  runId: number;
  flowId: string;
  flowHash: string;
  nodeId: string;
  params: Readonly<Record<string, unknown>>;
  batchSize: number;
  signal: AbortSignal;
  logger: Logger;
  expressions: ExpressionCompiler;
  store: RunStore;
  flowDir: string;
  runStartedAt: string;
  partialRun: boolean;
  retryPolicy: RetrySettings;
  step: StepTracker;
  /** Nodes the records this node handles got past; see `reachingNodes`. */
  reach: DeadLetterReach;
  onTriggerInput(input: Omit<TriggerInput, 'nodeId'>): void;
}

export function createNodeContext(parts: NodeContextParts): NodeContext {
  const logger = parts.logger.child({ runId: parts.runId, nodeId: parts.nodeId });
  return {
    runId: parts.runId,
    flowId: parts.flowId,
    nodeId: parts.nodeId,
    params: parts.params,
    batchSize: parts.batchSize,
    signal: parts.signal,
    logger,
    expressions: parts.expressions,
    ledger: createLedgerBridge(parts),
    runStartedAt: parts.runStartedAt,
    partialRun: parts.partialRun,
    retryPolicy: parts.retryPolicy,
    retry: (operation, options) => retryOperation({ settings: parts.retryPolicy, signal: parts.signal, logger }, operation, options),
    holdForApproval: (records, request) => holdForApproval(parts, records, request),
    resolvePath: (path) => resolvePath(parts.flowDir, path),
    recordTriggerInput: (input) => parts.onTriggerInput(input),
    recordInput: (input) => parts.onTriggerInput({ ...input, role: 'lookup' }),
  };
}

function createLedgerBridge(parts: NodeContextParts): DeliveryLedger {
  const { store, runId, nodeId, reach, step } = parts;
  return {
    recordDeliveries: (target, deliveries) => store.recordDeliveries(runId, nodeId, target, deliveries, reach),
    lastDelivered: (target, keys) => store.lastDelivered(target, keys),
    deliveredInLineage: (target, deliveries) => store.deliveredInLineage(target, runId, deliveries),
    async recordUnchanged(target, keys) {
      step.countUnchanged(keys.length);
      const keyed = keys.filter((key): key is string => key !== null);
      if (keyed.length > 0) {
        await store.closeDeadLettersReached(reach, keyed, `already delivered to ${target}; found unchanged by run ${runId}`);
      }
    },
    beginEffect: (effect) => store.beginEffect({ runId, nodeId, ...effect }),
    stageDeliveries: (effectId, deliveries) => store.stageDeliveries(effectId, deliveries),
    sealEffect: (effectId, fingerprint) => store.sealEffect(effectId, fingerprint),
    async confirmEffect(effectId) {
      await store.confirmEffect(effectId, reach);
    },
    discardEffect: (effectId) => store.discardEffect(effectId),
  };
}

async function holdForApproval(parts: NodeContextParts, records: readonly FlowRecord[], request: ApprovalRequest): Promise<FlowRecord[]> {
  if (records.length === 0) {
    return [];
  }
  const dueAt = request.dueInMs === undefined ? null : new Date(Date.now() + request.dueInMs).toISOString();
  const result = await parts.store.addApprovals(
    records.map((record) => ({
      runId: parts.runId,
      flowId: parts.flowId,
      flowHash: parts.flowHash,
      nodeId: parts.nodeId,
      record,
      contentHash: contentHash(record.data),
      assignee: request.assignee ?? null,
      role: request.role ?? null,
      approvers: request.approvers ?? [],
      approvalsRequired: request.approvalsRequired,
      editableFields: request.editableFields ?? [],
      summaryFields: request.summaryFields ?? [],
      dueAt,
      onOverdue: request.onOverdue,
    })),
  );
  parts.step.countHeld(result.added);
  // A record already waiting for approval, or held earlier in this lineage, is not asked about twice.
  parts.step.countUnchanged(result.skipped);
  // A record decided before continues with that decision and the data as decided, edits included.
  return [...result.decided].map(([index, approval]) => ({ ...withData(records[index] as FlowRecord, approval.record.data), decision: approvalDecision(approval) }));
}
