/**
 * The ledger and sink effects in the SQLite run store. See ledger-store.ts for the protocol: rows
 * are staged `pending` with their effect, and the effect's confirmation turns them `delivered`
 * and closes the dead letters they settle, in one transaction.
 */
import { InternalError } from '../errors.js';
import type { Delivery } from '../sdk/node-kind.js';
import type { DeadLetterReach, EffectPlan, LedgerEntry, SinkEffect } from './ledger-store.js';
import { chunks, now, placeholders, type SqliteAccess } from './sqlite-access.js';
import type { SqliteDeadLetters } from './sqlite-dead-letters.js';

interface EffectRow {
  id: number;
  run_id: number;
  node_id: string;
  target: string;
  location: string;
  temporary_location: string | null;
  fingerprint: string | null;
  status: SinkEffect['status'];
  created_at: string;
  settled_at: string | null;
  run_status: string | null;
}

export class SqliteLedger {
  constructor(
    private readonly access: SqliteAccess,
    private readonly deadLetters: SqliteDeadLetters,
  ) {}

  recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[], reach?: DeadLetterReach): void {
    const statement = this.access.db.prepare(
      `INSERT INTO ledger (target, record_key, content_hash, run_id, root_run_id, node_id, effect_id, status, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, 'delivered', ?)`,
    );
    const deliveredAt = now();
    this.access.write(() => {
      const root = this.rootOf(runId);
      for (const delivery of deliveries) {
        statement.run(target, delivery.key, delivery.hash, runId, root, nodeId, deliveredAt);
      }
      if (reach !== undefined) {
        this.deadLetters.closeReached(reach, keysOf(deliveries), `delivered to ${target} by run ${runId}`);
      }
    });
  }

  lastDelivered(target: string, keys: readonly string[]): Map<string, string> {
    const result = new Map<string, string>();
    const statement = this.access.db.prepare(
      "SELECT content_hash FROM ledger WHERE target = ? AND record_key = ? AND status = 'delivered' ORDER BY id DESC LIMIT 1",
    );
    for (const key of keys) {
      const row = statement.get(target, key) as { content_hash: string } | undefined;
      if (row !== undefined) {
        result.set(key, row.content_hash);
      }
    }
    return result;
  }

  deliveredInLineage(target: string, runId: number, deliveries: readonly Delivery[]): Set<string> {
    const wanted = new Map<string, Set<string>>();
    for (const delivery of deliveries) {
      if (delivery.key !== null) {
        const hashes = wanted.get(delivery.key) ?? new Set<string>();
        hashes.add(delivery.hash);
        wanted.set(delivery.key, hashes);
      }
    }
    const found = new Set<string>();
    if (wanted.size === 0) {
      return found;
    }
    const root = this.rootOf(runId);
    for (const keyChunk of chunks([...wanted.keys()])) {
      const rows = this.access.db
        .prepare(
          `SELECT record_key, content_hash FROM ledger
           WHERE target = ? AND root_run_id = ? AND status = 'delivered' AND record_key IN (${placeholders(keyChunk.length)})`,
        )
        .all(target, root, ...keyChunk) as { record_key: string; content_hash: string }[];
      for (const row of rows) {
        if (wanted.get(row.record_key)?.has(row.content_hash) === true) {
          found.add(row.record_key);
        }
      }
    }
    return found;
  }

  findDeliveries(recordKey: string): LedgerEntry[] {
    const rows = this.access.db
      .prepare(
        "SELECT target, record_key, content_hash, run_id, node_id, delivered_at FROM ledger WHERE record_key = ? AND status = 'delivered' ORDER BY id DESC",
      )
      .all(recordKey) as { target: string; record_key: string | null; content_hash: string; run_id: number; node_id: string; delivered_at: string }[];
    return rows.map((row) => ({
      target: row.target,
      recordKey: row.record_key,
      contentHash: row.content_hash,
      runId: row.run_id,
      nodeId: row.node_id,
      deliveredAt: row.delivered_at,
    }));
  }

  beginEffect(plan: EffectPlan): number {
    return this.access.write(() => {
      const result = this.access.db
        .prepare(
          `INSERT INTO sink_effects (run_id, node_id, target, location, temporary_location, fingerprint, status, created_at)
           VALUES (?, ?, ?, ?, ?, NULL, 'pending', ?)`,
        )
        .run(plan.runId, plan.nodeId, plan.target, plan.location, plan.temporaryLocation ?? null, now());
      return Number(result.lastInsertRowid);
    });
  }

  stageDeliveries(effectId: number, deliveries: readonly Delivery[]): void {
    const effect = this.effect(effectId);
    const statement = this.access.db.prepare(
      `INSERT INTO ledger (target, record_key, content_hash, run_id, root_run_id, node_id, effect_id, status, delivered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    const stagedAt = now();
    this.access.write(() => {
      const root = this.rootOf(effect.run_id);
      for (const delivery of deliveries) {
        statement.run(effect.target, delivery.key, delivery.hash, effect.run_id, root, effect.node_id, effectId, stagedAt);
      }
    });
  }

  sealEffect(effectId: number, fingerprint: string): void {
    this.access.write(() => {
      this.access.db.prepare("UPDATE sink_effects SET fingerprint = ? WHERE id = ? AND status = 'pending'").run(fingerprint, effectId);
    });
  }

  confirmEffect(effectId: number, reach?: DeadLetterReach): number {
    const { db } = this.access;
    return this.access.write(() => {
      const effect = this.effect(effectId);
      if (effect.status !== 'pending') {
        return 0;
      }
      const settledAt = now();
      db.prepare("UPDATE sink_effects SET status = 'delivered', settled_at = ? WHERE id = ?").run(settledAt, effectId);
      const delivered = db.prepare("UPDATE ledger SET status = 'delivered', delivered_at = ? WHERE effect_id = ? AND status = 'pending'").run(settledAt, effectId);
      if (reach !== undefined) {
        const keys = db.prepare('SELECT DISTINCT record_key FROM ledger WHERE effect_id = ? AND record_key IS NOT NULL').pluck().all(effectId) as string[];
        this.deadLetters.closeReached(reach, keys, `delivered to ${effect.target} by run ${effect.run_id}`);
      }
      return delivered.changes;
    });
  }

  discardEffect(effectId: number): void {
    const { db } = this.access;
    this.access.write(() => {
      db.prepare("UPDATE sink_effects SET status = 'discarded', settled_at = ? WHERE id = ? AND status = 'pending'").run(now(), effectId);
      db.prepare("DELETE FROM ledger WHERE effect_id = ? AND status = 'pending'").run(effectId);
    });
  }

  listPendingEffects(): (SinkEffect & { runStatus: string })[] {
    const rows = this.access.db
      .prepare(
        `SELECT sink_effects.*, runs.status AS run_status FROM sink_effects LEFT JOIN runs ON runs.id = sink_effects.run_id
         WHERE sink_effects.status = 'pending' ORDER BY sink_effects.id`,
      )
      .all() as EffectRow[];
    return rows.map((row) => ({
      id: row.id,
      runId: row.run_id,
      nodeId: row.node_id,
      target: row.target,
      location: row.location,
      temporaryLocation: row.temporary_location,
      fingerprint: row.fingerprint,
      status: row.status,
      createdAt: row.created_at,
      settledAt: row.settled_at,
      runStatus: row.run_status ?? 'DELETED',
    }));
  }

  private effect(effectId: number): EffectRow {
    const row = this.access.db.prepare('SELECT *, NULL AS run_status FROM sink_effects WHERE id = ?').get(effectId) as EffectRow | undefined;
    if (row === undefined) {
      throw new InternalError(`sink effect ${effectId} does not exist in the run history`);
    }
    return row;
  }

  private rootOf(runId: number): number {
    const root = this.access.db.prepare('SELECT root_run_id FROM runs WHERE id = ?').pluck().get(runId) as number | null | undefined;
    return root ?? runId;
  }
}

function keysOf(deliveries: readonly Delivery[]): string[] {
  return [...new Set(deliveries.flatMap((delivery) => (delivery.key === null ? [] : [delivery.key])))];
}
