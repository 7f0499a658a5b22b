/**
 * What happened to one business key (an SKU, a customer number), as one timeline gathered from
 * the run history: each delivery the ledger holds (exceptions files included), each dead letter
 * and how it closed, and each approval with every decision on it. `flowmason trace` prints it.
 *
 * NOTE: a sink that finds a record unchanged writes no ledger row and only counts it on its step,
 * so a run that changed nothing for the key shows no delivery; and retention keeps only the
 * newest ledger row per target and key of the runs it deletes.
 */
import type { FlowDocument } from '../flow/flow-schema.js';
import { ERROR_PORT } from '../sdk/node-kind.js';
import type { ApprovalAuditEntry } from '../store/approval-store.js';
import type { RunStore } from '../store/run-store.js';
import type { ApprovalStatus } from '../statuses.js';

/** Output ports whose records are exceptions: failures, and records a validate node found invalid. */
const EXCEPTION_PORTS: ReadonlySet<string> = new Set([ERROR_PORT, 'invalid']);

interface TraceEventBase {
  /** ISO time of the event. */
  time: string;
  /** The run the event belongs to; for a closed dead letter, the run that closed it, when one did. */
  runId: number | null;
  /** Null when retention deleted the run. */
  flowId: string | null;
  nodeId: string;
}

/** A delivery of the key to a sink target. */
export interface TraceDelivery extends TraceEventBase {
  kind: 'delivery';
  target: string;
  contentHash: string;
  /** `new` for content the target had not received for the key just before, `unchanged` for the same content again. */
  content: 'new' | 'unchanged';
  /** True when the sink only receives records from error or invalid ports: an exceptions file. */
  exception: boolean;
}

export interface TraceDeadLetter extends TraceEventBase {
  kind: 'dead-letter';
  deadLetterId: number;
  error: string;
  open: boolean;
}

export interface TraceDeadLetterClosed extends TraceEventBase {
  kind: 'dead-letter-closed';
  deadLetterId: number;
  resolution: string;
}

/** A record held by an approve node; `status` is the approval's status now. */
export interface TraceHeld extends TraceEventBase {
  kind: 'held';
  approvalId: number;
  status: ApprovalStatus;
  continuationRunId: number | null;
  /** The later run that brought the key again with other content while the approval was pending. */
  supersededByRunId: number | null;
}

/** One entry of an approval's audit trail. */
export interface TraceDecision extends TraceEventBase {
  kind: 'decision';
  approvalId: number;
  action: ApprovalAuditEntry['action'];
  actor: string;
  changes: ApprovalAuditEntry['changes'];
  comment: string | null;
}

export type TraceEvent = TraceDelivery | TraceDeadLetter | TraceDeadLetterClosed | TraceHeld | TraceDecision;

/** Order of events at the same time: a failure before its closing, a hold before its decisions. */
const KIND_ORDER: Record<TraceEvent['kind'], number> = { 'dead-letter': 0, held: 1, decision: 2, delivery: 3, 'dead-letter-closed': 4 };

/** Returns every event of `recordKey`, oldest first; with `flowId`, only events of runs of that flow. */
export async function traceKey(store: RunStore, recordKey: string, flowId?: string): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [...(await deliveryEvents(store, recordKey))];

  for (const letter of await store.listDeadLetters({ recordKey, includeResolved: true, limit: Number.MAX_SAFE_INTEGER })) {
    const base = { flowId: letter.flowId, nodeId: letter.nodeId, deadLetterId: letter.id };
    events.push({ kind: 'dead-letter', time: letter.createdAt, runId: letter.runId, ...base, error: letter.errorMessage, open: letter.resolvedAt === null });
    if (letter.resolvedAt !== null) {
      events.push({ kind: 'dead-letter-closed', time: letter.resolvedAt, runId: letter.resolvedByRunId, ...base, resolution: letter.resolution ?? 'resolved' });
    }
  }

  for (const approval of await store.listApprovals({ recordKey })) {
    const base = { runId: approval.runId, flowId: approval.flowId, nodeId: approval.nodeId, approvalId: approval.id };
    events.push({
      kind: 'held',
      time: approval.createdAt,
      ...base,
      status: approval.status,
      continuationRunId: approval.continuationRunId,
      supersededByRunId: approval.supersededByRunId,
    });
    for (const entry of approval.audit) {
      events.push({ kind: 'decision', time: entry.decidedAt, ...base, action: entry.action, actor: entry.actor, changes: entry.changes, comment: entry.comment });
    }
  }

  const selected = flowId === undefined ? events : events.filter((event) => event.flowId === flowId);
  // A stable sort keeps the ledger order of deliveries made at the same time.
  return selected.sort((a, b) => {
    if (a.time !== b.time) {
      return a.time < b.time ? -1 : 1;
    }
    return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  });
}

/** Returns the key's deliveries, oldest first, each compared with the delivery to the same target before it. */
async function deliveryEvents(store: RunStore, recordKey: string): Promise<TraceDelivery[]> {
  const entries = (await store.findDeliveries(recordKey)).reverse();
  const exceptionNodes = new ExceptionNodes(store);
  const lastHash = new Map<string, string>();
  const events: TraceDelivery[] = [];
  for (const entry of entries) {
    const content = lastHash.get(entry.target) === entry.contentHash ? 'unchanged' : 'new';
    lastHash.set(entry.target, entry.contentHash);
    events.push({
      kind: 'delivery',
      time: entry.deliveredAt,
      runId: entry.runId,
      flowId: entry.flowId,
      nodeId: entry.nodeId,
      target: entry.target,
      contentHash: entry.contentHash,
      content,
      exception: await exceptionNodes.isException(entry.runId, entry.nodeId),
    });
  }
  return events;
}

/** Tells, per run and node, whether the node receives only exceptions, from the flow version the run ran. */
class ExceptionNodes {
  private readonly flows = new Map<number, FlowDocument | undefined>();

  constructor(private readonly store: RunStore) {}

  async isException(runId: number, nodeId: string): Promise<boolean> {
    if (!this.flows.has(runId)) {
      const run = await this.store.getRun(runId);
      this.flows.set(runId, run === undefined ? undefined : await this.store.getFlowVersion(run.flowHash));
    }
    const flow = this.flows.get(runId);
    return flow !== undefined && receivesOnlyExceptions(flow, nodeId, new Map());
  }
}

/** True when every edge into `nodeId` leaves an exception port, or a node that receives only exceptions. */
function receivesOnlyExceptions(flow: FlowDocument, nodeId: string, known: Map<string, boolean>): boolean {
  const cached = known.get(nodeId);
  if (cached !== undefined) {
    return cached;
  }
  known.set(nodeId, false);
  const incoming = flow.edges.filter((edge) => edge.to.node === nodeId);
  const result = incoming.length > 0 && incoming.every((edge) => EXCEPTION_PORTS.has(edge.from.port) || receivesOnlyExceptions(flow, edge.from.node, known));
  known.set(nodeId, result);
  return result;
}
