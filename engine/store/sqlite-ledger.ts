/**
 * The ledger and sink effects in the SQLite run store. See ledger-store.ts for the protocol: rows
 * are staged with their effect while the effect is pending, and count as delivered once the
 * effect is confirmed; the confirmation also closes the dead letters they settle, in one
 * transaction. Deliveries recorded after their effect happened (SQL, HTTP) get an effect that is
 * delivered from the start.
 *
 * Every row belongs to an effect, which holds the run, node, time and delivery state, so a row
 * is small and confirming an effect updates one row however many records it delivered. The
 * `delivered_ledger` view (migration 4) joins them for readers.
 */
import type { Statement } from 'better-sqlite3';
import { InternalError } from '../errors.js';
import type { Delivery } from '../sdk/node-kind.js';
import type { DeadLetterReach, EffectPlan, LedgerEntry, SinkEffect } from './ledger-store.js';
import { chunks, now, placeholders, type SqliteAccess } from './sqlite-access.js';
import type { SqliteDeadLetters } from './sqlite-dead-letters.js';

/** Ledger rows inserted by one statement: 4 values each, well under SQLite's limit of bound values. */
const ROWS_PER_INSERT = 100;

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
  /** Target ids by target text; targets are never renamed or deleted, so the cache stays true. */
  private readonly targetIds = new Map<string, number>();
  /** Prepared ledger inserts by the number of rows they insert. */
  private readonly insertStatements = new Map<number, Statement>();
  /** Statements run once per batch, prepared on first use. */
  private hasDeliveredStatement: Statement | undefined;
  private effectStatement: Statement | undefined;

  constructor(
    private readonly access: SqliteAccess,
    private readonly deadLetters: SqliteDeadLetters,
  ) {}

  recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[], reach?: DeadLetterReach): void {
    const { db } = this.access;
    this.access.write(() => {
      const recordedAt = now();
      const effectId = Number(
        db
          .prepare(
            `INSERT INTO sink_effects (run_id, node_id, target, location, temporary_location, fingerprint, status, created_at, settled_at)
             VALUES (?, ?, ?, ?, NULL, NULL, 'delivered', ?, ?)`,
          )
          .run(runId, nodeId, target, target, recordedAt, recordedAt).lastInsertRowid,
      );
      this.insertRows(effectId, this.targetId(target), deliveries);
      if (reach !== undefined) {
        this.deadLetters.closeReached(reach, keysOf(deliveries), `delivered to ${target} by run ${runId}`);
      }
    });
  }

  lastDelivered(target: string, keys: readonly string[]): Map<string, string> {
    const result = new Map<string, string>();
    const targetId = this.existingTargetId(target);
    if (targetId === undefined || !this.hasDelivered(target)) {
      return result;
    }
    for (const keyChunk of chunks([...new Set(keys)])) {
      // SQLite returns the bare column content_hash from the row that has MAX(id).
      const rows = this.access.db
        .prepare(
          `SELECT ledger.record_key, ledger.content_hash, MAX(ledger.id) FROM ledger
           JOIN sink_effects ON sink_effects.id = ledger.effect_id
           WHERE ledger.record_key IN (${placeholders(keyChunk.length)}) AND ledger.target_id = ? AND sink_effects.status = 'delivered'
           GROUP BY ledger.record_key`,
        )
        .all(...keyChunk, targetId) as { record_key: string; content_hash: string }[];
      for (const row of rows) {
        result.set(row.record_key, row.content_hash);
      }
    }
    return result;
  }

  /**
   * Returns the keys among `deliveries` whose key and hash reached `target` in the lineage of
   * `runId`, or that this run itself has already staged for it (so a key repeated in the input is
   * delivered once).
   */
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
    const targetId = this.existingTargetId(target);
    if (wanted.size === 0 || targetId === undefined) {
      return found;
    }
    const root = this.rootOf(runId);
    for (const keyChunk of chunks([...wanted.keys()])) {
      const rows = this.access.db
        .prepare(
          `SELECT ledger.record_key, ledger.content_hash FROM ledger
           JOIN sink_effects ON sink_effects.id = ledger.effect_id
           JOIN runs ON runs.id = sink_effects.run_id
           WHERE ledger.record_key IN (${placeholders(keyChunk.length)}) AND ledger.target_id = ? AND runs.root_run_id = ?
             AND (sink_effects.status = 'delivered' OR (sink_effects.run_id = ? AND sink_effects.status = 'pending'))`,
        )
        .all(...keyChunk, targetId, root, runId) as { record_key: string; content_hash: string }[];
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
        `SELECT delivered_ledger.target, delivered_ledger.record_key, delivered_ledger.content_hash, delivered_ledger.run_id, runs.flow_id,
                delivered_ledger.node_id, delivered_ledger.delivered_at
         FROM delivered_ledger LEFT JOIN runs ON runs.id = delivered_ledger.run_id
         WHERE delivered_ledger.record_key = ? ORDER BY delivered_ledger.id DESC`,
      )
      .all(recordKey) as { target: string; record_key: string | null; content_hash: string; run_id: number; flow_id: string | null; node_id: string; delivered_at: string }[];
    return rows.map((row) => ({
      target: row.target,
      recordKey: row.record_key,
      contentHash: row.content_hash,
      runId: row.run_id,
      flowId: row.flow_id,
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
    // Staged rows count for nothing until confirmEffect, which is an ordinary, durable write.
    this.access.writeRelaxed(() => this.insertRows(effectId, this.targetId(effect.target), deliveries));
  }

  /**
   * Inserts one ledger row per delivery, {@link ROWS_PER_INSERT} to a statement: binding a batch
   * at once costs far less than a statement per row, and the ledger takes a row per record.
   */
  private insertRows(effectId: number, targetId: number, deliveries: readonly Delivery[]): void {
    const values: (string | number | null)[] = [];
    let start = 0;
    for (; start + ROWS_PER_INSERT <= deliveries.length; start += ROWS_PER_INSERT) {
      values.length = 0;
      for (let index = start; index < start + ROWS_PER_INSERT; index++) {
        const delivery = deliveries[index] as Delivery;
        values.push(effectId, targetId, delivery.key, delivery.hash);
      }
      this.insertStatement(ROWS_PER_INSERT).run(values);
    }
    const single = this.insertStatement(1);
    for (let index = start; index < deliveries.length; index++) {
      const delivery = deliveries[index] as Delivery;
      single.run(effectId, targetId, delivery.key, delivery.hash);
    }
  }

  private insertStatement(rows: number): Statement {
    let statement = this.insertStatements.get(rows);
    if (statement === undefined) {
      const row = '(?, ?, ?, ?)';
      statement = this.access.db.prepare(`INSERT INTO ledger (effect_id, target_id, record_key, content_hash) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`);
      this.insertStatements.set(rows, statement);
    }
    return statement;
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
      db.prepare("UPDATE sink_effects SET status = 'delivered', settled_at = ? WHERE id = ?").run(now(), effectId);
      if (reach !== undefined) {
        this.deadLetters.closeReached(
          reach,
          () => db.prepare('SELECT DISTINCT record_key FROM ledger WHERE effect_id = ? AND record_key IS NOT NULL').pluck().all(effectId) as string[],
          `delivered to ${effect.target} by run ${effect.run_id}`,
        );
      }
      return db.prepare('SELECT COUNT(*) FROM ledger WHERE effect_id = ?').pluck().get(effectId) as number;
    });
  }

  discardEffect(effectId: number): void {
    const { db } = this.access;
    this.access.write(() => {
      const discarded = db.prepare("UPDATE sink_effects SET status = 'discarded', settled_at = ? WHERE id = ? AND status = 'pending'").run(now(), effectId);
      if (discarded.changes > 0) {
        db.prepare('DELETE FROM ledger WHERE effect_id = ?').run(effectId);
      }
    });
  }

  /** Tells whether any effect on `target` has been delivered; a first load of a target needs no lookups. */
  private hasDelivered(target: string): boolean {
    this.hasDeliveredStatement ??= this.access.db.prepare("SELECT 1 FROM sink_effects WHERE target = ? AND status = 'delivered' LIMIT 1").pluck();
    return this.hasDeliveredStatement.get(target) !== undefined;
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
    this.effectStatement ??= this.access.db.prepare('SELECT *, NULL AS run_status FROM sink_effects WHERE id = ?');
    const row = this.effectStatement.get(effectId) as EffectRow | undefined;
    if (row === undefined) {
      throw new InternalError(`sink effect ${effectId} does not exist in the run history`);
    }
    return row;
  }

  /** Returns the id of a target, adding the target when it is new. Call it inside a write. */
  private targetId(target: string): number {
    const known = this.existingTargetId(target);
    if (known !== undefined) {
      return known;
    }
    const id = Number(this.access.db.prepare('INSERT INTO ledger_targets (target) VALUES (?)').run(target).lastInsertRowid);
    this.targetIds.set(target, id);
    return id;
  }

  private existingTargetId(target: string): number | undefined {
    let id = this.targetIds.get(target);
    if (id === undefined) {
      id = this.access.db.prepare('SELECT id FROM ledger_targets WHERE target = ?').pluck().get(target) as number | undefined;
      if (id !== undefined) {
        this.targetIds.set(target, id);
      }
    }
    return id;
  }

  private rootOf(runId: number): number {
    const root = this.access.db.prepare('SELECT root_run_id FROM runs WHERE id = ?').pluck().get(runId) as number | null | undefined;
    return root ?? runId;
  }
}

function keysOf(deliveries: readonly Delivery[]): string[] {
  return [...new Set(deliveries.flatMap((delivery) => (delivery.key === null ? [] : [delivery.key])))];
}
