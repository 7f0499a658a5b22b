/**
 * What every sink shares about delivery, so that a failure loses nothing and a replay duplicates
 * nothing: which records of a batch to write, the count of those skipped as unchanged, and the
 * ledger rows of each write, kept in step with the write itself.
 *
 * A sink delivers in one of two modes:
 *
 * - `snapshot` (the default): each run writes the complete target, replacing it atomically. Every
 *   record is written; the ledger records only keys whose content differs from what the target
 *   last received, and counts the others as unchanged.
 * - `delta`: each run writes only what it processed, to a target of its own (a per-run file, an
 *   upsert, an HTTP call). The lineage of a run is the run it re-runs or replays, that run's
 *   parent, and so on. A record whose key and content already reached the target in the lineage is
 *   skipped and counted as unchanged, so a re-run or a replay never delivers a duplicate. With `changedOnly`
 *   the comparison is with the last content the target received from any run: only records whose
 *   data changed since the last delivery are sent.
 *
 * Records without a business key cannot be recognised again, so they are always written.
 *
 * Each write to the outside world is an effect, delivered in four steps that make the ledger claim
 * a delivery exactly when the effect is visible:
 *
 * 1. {@link SinkDelivery.beginEffect}: the effect is recorded as pending, with where it will appear;
 * 2. {@link PendingEffect.stage}: ledger rows are added as pending while records are written;
 * 3. {@link PendingEffect.seal}: the SHA-256 of what will appear is stored, then the sink makes the
 *    effect visible (renames the file);
 * 4. {@link PendingEffect.confirm}: the effect and its rows become delivered in one transaction.
 *
 * A process that dies between the steps leaves a pending effect; at the next start-up
 * `recoverPendingEffects` (engine/runtime/effect-recovery.ts) confirms it when the location holds
 * bytes with the sealed SHA-256 and discards it otherwise.
 */
import { Type, type Static } from '@sinclair/typebox';
import { errorMessage, InputError } from '../errors.js';
import { describeOrigin, type FlowRecord } from '../records.js';
import { contentHash } from './content-hash.js';
import type { Delivery, NodeContext, Output } from './node-kind.js';

export const DELIVERY_MODES = ['snapshot', 'delta'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** The `delivery` setting of a sink's config. */
export const DeliverySchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('snapshot'), Type.Literal('delta')], {
      default: 'snapshot',
      description:
        'snapshot: each run rewrites the complete target atomically. delta: each run writes only what it processed, skipping records whose key and content already reached the target.',
    }),
    changedOnly: Type.Optional(
      Type.Boolean({
        description: 'delta only: skip a record when its content equals the last content delivered for its key by any run, not only by this run lineage.',
      }),
    ),
    minRecords: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'snapshot only: fail instead of replacing the target with fewer records than this, so a truncated or empty export never empties a catalog. The target stays as it was.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DeliverySettings = Static<typeof DeliverySchema>;

/** A record with the ledger row it would add. */
export interface DeliveryCandidate {
  record: FlowRecord;
  delivery: Delivery;
}

/** A record a sink should write, with its ledger row. */
export interface SelectedRecord {
  record: FlowRecord;
  /** The ledger row to stage when the record is written; null when the target already has this content (snapshot). */
  delivery: Delivery | null;
}

/** Records of a batch as a sink should handle them. */
export interface DeliverySelection {
  /** Records to write, in batch order. */
  write: SelectedRecord[];
  /** Records skipped, or written without a ledger row, because the target already has them. */
  unchanged: number;
}

export interface SinkDeliveryOptions {
  /** Stable name of the target, such as `file:/data/out/{runId}.jsonl` or `sql:erp.items`. */
  target: string;
  mode: DeliveryMode;
  changedOnly?: boolean;
  /** The value whose hash identifies a record's content; the record's data unless the sink writes less. */
  contentOf?: (record: FlowRecord) => unknown;
}

/** One sink's delivery state in one run. */
export class SinkDelivery {
  constructor(
    private readonly context: NodeContext,
    readonly options: SinkDeliveryOptions,
  ) {}

  get target(): string {
    return this.options.target;
  }

  /**
   * Sorts a batch into records to write and records the target already has, and counts the latter
   * on the step. A record whose content cannot be hashed (data JSON cannot hold, such as a BigInt)
   * is failed on `out`, because the ledger could not tell it apart from others.
   */
  async select(batch: readonly FlowRecord[], out: Output): Promise<DeliverySelection> {
    const contentOf = this.options.contentOf ?? ((record: FlowRecord) => record.data);
    const candidates: DeliveryCandidate[] = [];
    for (const record of batch) {
      try {
        candidates.push({ record, delivery: { key: record.key, hash: contentHash(contentOf(record)) } });
      } catch (error) {
        out.fail(record, new InputError(`${describeOrigin(record.origin)}: cannot compute the content hash for the ledger: ${errorMessage(error)}`, {}, { cause: error }));
      }
    }
    return this.filter(candidates);
  }

  /**
   * Sorts records whose ledger key and hash the sink computed itself (such as an SQL sink keyed by
   * its key columns) into those to write and those the target already has, counting the latter.
   */
  async filter(candidates: readonly DeliveryCandidate[]): Promise<DeliverySelection> {
    const known = await this.knownToTarget(candidates.map((candidate) => candidate.delivery));
    const selection: DeliverySelection = { write: [], unchanged: 0 };
    const unchangedKeys: (string | null)[] = [];
    // Delta mode skips a record selected earlier in this run. Earlier batches are found through the
    // ledger rows this run staged (see deliveredInLineage); this set covers the batch itself.
    const selectedInBatch = new Set<string>();
    const delta = this.options.mode === 'delta';
    for (const { record, delivery } of candidates) {
      const signature = delivery.key === null || !delta ? undefined : `${delivery.key}\u0000${delivery.hash}`;
      const isKnown =
        delivery.key !== null &&
        (known.get(delivery.key) === delivery.hash || (signature !== undefined && selectedInBatch.has(signature)));
      if (this.options.mode === 'snapshot') {
        selection.write.push({ record, delivery: isKnown ? null : delivery });
      } else if (!isKnown) {
        selection.write.push({ record, delivery });
      }
      if (isKnown) {
        unchangedKeys.push(delivery.key);
      }
      if (signature !== undefined) {
        selectedInBatch.add(signature);
      }
    }
    selection.unchanged = unchangedKeys.length;
    if (unchangedKeys.length > 0) {
      await this.context.ledger.recordUnchanged(this.target, unchangedKeys);
    }
    return selection;
  }

  /**
   * Records deliveries whose effect has already happened and cannot be staged first, such as an
   * HTTP call or a committed SQL transaction. A process that dies between the effect and this call
   * delivers those records again on the next run, so such a sink must make its writes idempotent
   * (an upsert by key, an idempotency header).
   */
  async recordDelivered(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length > 0) {
      await this.context.ledger.recordDeliveries(this.target, deliveries);
    }
  }

  /** Starts one effect on the target; see the file comment for the steps. */
  async beginEffect(location: string, temporaryLocation?: string): Promise<PendingEffect> {
    const id = await this.context.ledger.beginEffect({ target: this.target, location, ...(temporaryLocation === undefined ? {} : { temporaryLocation }) });
    return new PendingEffect(this.context, id);
  }

  /**
   * Returns, per key, the hash the target is known to have. Snapshot and `changedOnly` compare with
   * the last delivery from any run; delta compares with the deliveries of this run's lineage.
   */
  private async knownToTarget(deliveries: readonly Delivery[]): Promise<Map<string, string>> {
    const keys = [...new Set(deliveries.flatMap((delivery) => (delivery.key === null ? [] : [delivery.key])))];
    if (keys.length === 0) {
      return new Map();
    }
    if (this.options.mode === 'snapshot' || this.options.changedOnly === true) {
      return this.context.ledger.lastDelivered(this.target, keys);
    }
    const found = await this.context.ledger.deliveredInLineage(this.target, deliveries);
    return new Map(deliveries.filter((delivery) => delivery.key !== null && found.has(delivery.key)).map((delivery) => [delivery.key as string, delivery.hash]));
  }
}

/** An effect whose ledger rows are pending until {@link confirm}. */
export class PendingEffect {
  private settled = false;

  constructor(
    private readonly context: NodeContext,
    readonly id: number,
  ) {}

  /** Adds pending ledger rows for records the effect will deliver. */
  async stage(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length > 0) {
      await this.context.ledger.stageDeliveries(this.id, deliveries);
    }
  }

  /** Stores the SHA-256 of what the effect will put in place. Call it right before making the effect visible. */
  async seal(fingerprint: string): Promise<void> {
    await this.context.ledger.sealEffect(this.id, fingerprint);
  }

  /** Marks the effect visible: its rows become deliveries. */
  async confirm(): Promise<void> {
    this.settled = true;
    await this.context.ledger.confirmEffect(this.id);
  }

  /** The effect will not happen: its pending rows go. Does nothing after {@link confirm}. */
  async discard(): Promise<void> {
    if (this.settled) {
      return;
    }
    this.settled = true;
    await this.context.ledger.discardEffect(this.id);
  }
}
