/**
 * The ledger of sink writes, as the run store keeps it.
 *
 * A sink's write to the outside world (a file renamed into place, an SQL transaction, an HTTP
 * call) is one **effect**. Its ledger rows are written as `pending` before the effect happens and
 * become `delivered` in the same transaction that marks the effect done, so the ledger claims a
 * delivery exactly when the effect is visible. Effects left pending by a process that died are
 * settled at the next start-up by {@link recoverPendingEffects}: confirmed when the effect is
 * found in place, discarded otherwise. engine/README.md describes the whole protocol.
 */
import type { Delivery } from '../sdk/node-kind.js';

export interface LedgerEntry {
  target: string;
  recordKey: string | null;
  contentHash: string;
  runId: number;
  /** Flow of the run, or null when retention deleted the run and kept the row. */
  flowId: string | null;
  nodeId: string;
  deliveredAt: string;
}

/**
 * Where a record got to in a run, for closing dead letters: `nodeIds` are the nodes from which
 * the node that delivered (or failed) the record can be reached, that node included.
 */
export interface DeadLetterReach {
  flowId: string;
  runId: number;
  nodeIds: readonly string[];
}

export const EFFECT_STATUSES = ['pending', 'delivered', 'discarded'] as const;
export type EffectStatus = (typeof EFFECT_STATUSES)[number];

/** What a sink is about to change outside Flowmason. */
export interface EffectPlan {
  runId: number;
  nodeId: string;
  target: string;
  /** Where the effect becomes visible: the final path of a file. */
  location: string;
  /** Where the effect is prepared before it becomes visible: the temporary file. */
  temporaryLocation?: string | null;
}

export interface SinkEffect extends Required<EffectPlan> {
  id: number;
  /** SHA-256 of the bytes the effect puts at `location`, set just before it is made visible. */
  fingerprint: string | null;
  status: EffectStatus;
  createdAt: string;
  settledAt: string | null;
}

export interface LedgerStore {
  /**
   * Records deliveries whose effect has already happened. With `reach`, they close the open dead
   * letters of the same keys (see {@link closeDeadLettersReached}).
   */
  recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[], reach?: DeadLetterReach): Promise<void>;
  /** Returns the content hash last delivered to `target` for each key that has one. */
  lastDelivered(target: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** Returns the keys of `deliveries` whose key and content hash already reached `target` in the lineage of `runId`. */
  deliveredInLineage(target: string, runId: number, deliveries: readonly Delivery[]): Promise<Set<string>>;
  /** Ledger entries for one business key across all targets, newest first; pending ones left out. */
  findDeliveries(recordKey: string): Promise<LedgerEntry[]>;

  /** Starts an effect and returns its id. */
  beginEffect(plan: EffectPlan): Promise<number>;
  /** Adds pending ledger rows for records that the effect will deliver. */
  stageDeliveries(effectId: number, deliveries: readonly Delivery[]): Promise<void>;
  /** Stores the fingerprint of the prepared effect; call it just before making the effect visible. */
  sealEffect(effectId: number, fingerprint: string): Promise<void>;
  /** Marks the effect and its ledger rows delivered, closing dead letters as `reach` says. Returns the rows delivered. */
  confirmEffect(effectId: number, reach?: DeadLetterReach): Promise<number>;
  /** Marks the effect discarded and deletes its pending rows: the effect never became visible. */
  discardEffect(effectId: number): Promise<void>;
  /** Effects still pending, oldest first, with the status of the run that began them. */
  listPendingEffects(): Promise<(SinkEffect & { runStatus: string })[]>;

  /**
   * Closes open dead letters that `keys` show to be handled. A dead letter closes when a later run
   * of the same flow carries its key to one of `reach.nodeIds`; see the store for the rule.
   * Returns how many closed.
   */
  closeDeadLettersReached(reach: DeadLetterReach, keys: readonly string[], resolution: string): Promise<number>;
}
