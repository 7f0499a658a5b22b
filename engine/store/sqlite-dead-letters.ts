/**
 * Dead letters in the SQLite run store, and the rule that closes them.
 *
 * A dead letter records that the record with key K failed at node X in run R. Operators should
 * see only what is still wrong, so a dead letter closes by itself once a later run of the same
 * flow shows that K got at least as far as X:
 *
 * - a sink at or after X delivered K, or found K's content already at its target
 *   ({@link SqliteDeadLetters.closeReached}, called when a sink effect is confirmed);
 * - K failed again at X or at a node after it: the newer dead letter replaces the older one
 *   ({@link SqliteDeadLetters.add} with a reach);
 * - a replay run that took the dead letter ended ({@link SqliteDeadLetters.settleClaimed}), also
 *   when the record went where nothing records it, such as a port without an edge or an approval.
 *
 * "At or after X" means the node can be reached from X along the edges of the later run's flow
 * version, X included; node ids are stable across versions, so the comparison holds when the
 * flow changed in between. "Later" compares run ids, so when one input holds the same key twice
 * and one copy fails while the other is delivered, the failure stays open: those are two records.
 * Records without a key cannot be matched and close only through a replay.
 */
import type { DeadLetter, DeadLetterEdit, DeadLetterFilter, NewDeadLetter } from './run-store.js';
import type { DeadLetterReach } from './ledger-store.js';
import type { FlowRecord } from '../records.js';
import { chunks, now, placeholders, type SqliteAccess } from './sqlite-access.js';

interface DeadLetterRow {
  id: number;
  run_id: number;
  flow_id: string;
  node_id: string;
  record_key: string | null;
  origin: string;
  record: string;
  error_kind: NewDeadLetter['errorKind'];
  error_message: string;
  attempts: number;
  created_at: string;
  resolved_at: string | null;
  resolved_by_run_id: number | null;
  resolution: string | null;
  replayed_by_run_id: number | null;
}

export class SqliteDeadLetters {
  constructor(private readonly access: SqliteAccess) {}

  /** Inserts dead letters; with `reach`, each supersedes older open ones of its key at the reach's nodes. */
  add(entries: readonly NewDeadLetter[], reach?: DeadLetterReach): void {
    const { db } = this.access;
    const insert = db.prepare(
      `INSERT INTO dead_letters (run_id, flow_id, node_id, record_key, origin, record, error_kind, error_message, attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const createdAt = now();
    this.access.write(() => {
      const mayHaveOlder = reach !== undefined && this.hasOpenEarlierThan(reach);
      for (const entry of entries) {
        const result = insert.run(
          entry.runId,
          entry.flowId,
          entry.nodeId,
          entry.record.key,
          JSON.stringify(entry.record.origin),
          JSON.stringify(entry.record),
          entry.errorKind,
          entry.errorMessage,
          entry.attempts,
          createdAt,
        );
        if (mayHaveOlder && entry.record.key !== null) {
          const id = Number(result.lastInsertRowid);
          const note = `superseded by dead letter ${id} of run ${entry.runId} at node '${entry.nodeId}'`;
          this.closeReached(reach, [entry.record.key], note);
        }
      }
    });
  }

  /**
   * Closes the open dead letters of `keys` that runs before `reach.runId` left at `reach.nodeIds`
   * in the same flow. Call it inside a write transaction or on its own. Returns how many closed.
   */
  closeReached(reach: DeadLetterReach, keysOrLoader: readonly string[] | (() => readonly string[]), resolution: string): number {
    if (reach.nodeIds.length === 0 || !this.hasOpenEarlierThan(reach)) {
      return 0;
    }
    // The keys of a large effect are only read when some dead letter could be closed.
    const keys = typeof keysOrLoader === 'function' ? keysOrLoader() : keysOrLoader;
    if (keys.length === 0) {
      return 0;
    }
    const { db } = this.access;
    const resolvedAt = now();
    let closed = 0;
    this.access.write(() => {
      for (const keyChunk of chunks(keys)) {
        const result = db
          .prepare(
            `UPDATE dead_letters SET resolved_at = ?, resolved_by_run_id = ?, resolution = ?
             WHERE flow_id = ? AND resolved_at IS NULL AND run_id < ?
               AND node_id IN (${placeholders(reach.nodeIds.length)}) AND record_key IN (${placeholders(keyChunk.length)})`,
          )
          .run(resolvedAt, reach.runId, resolution, reach.flowId, reach.runId, ...reach.nodeIds, ...keyChunk);
        closed += result.changes;
      }
    });
    return closed;
  }

  /** Cheap test that spares the per-key updates in the usual case of no open dead letters. */
  private hasOpenEarlierThan(reach: DeadLetterReach): boolean {
    const row = this.access.db
      .prepare('SELECT 1 FROM dead_letters WHERE flow_id = ? AND resolved_at IS NULL AND record_key IS NOT NULL AND run_id < ? LIMIT 1')
      .get(reach.flowId, reach.runId);
    return row !== undefined;
  }

  list(filter: DeadLetterFilter = {}): DeadLetter[] {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.flowId !== undefined) {
      conditions.push('flow_id = ?');
      values.push(filter.flowId);
    }
    if (filter.runId !== undefined) {
      conditions.push('run_id = ?');
      values.push(filter.runId);
    }
    if (filter.nodeId !== undefined) {
      conditions.push('node_id = ?');
      values.push(filter.nodeId);
    }
    if (filter.errorText !== undefined) {
      conditions.push('instr(lower(error_message), lower(?)) > 0');
      values.push(filter.errorText);
    }
    if (filter.since !== undefined) {
      conditions.push('created_at >= ?');
      values.push(filter.since);
    }
    if (filter.ids !== undefined) {
      conditions.push(`id IN (SELECT value FROM json_each(?))`);
      values.push(JSON.stringify(filter.ids));
    }
    if (filter.includeResolved !== true) {
      conditions.push('resolved_at IS NULL');
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.access.db
      .prepare(`SELECT * FROM dead_letters ${where} ORDER BY id LIMIT ?`)
      .all(...values, filter.limit ?? 1000) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  claim(ids: readonly number[], runId: number): void {
    const statement = this.access.db.prepare('UPDATE dead_letters SET replayed_by_run_id = ? WHERE id = ? AND resolved_at IS NULL');
    this.access.write(() => {
      for (const id of ids) {
        statement.run(runId, id);
      }
    });
  }

  settleClaimed(runId: number, outcome: 'replayed' | 'released'): number {
    const { db } = this.access;
    return this.access.write(() => {
      if (outcome === 'released') {
        return db.prepare('UPDATE dead_letters SET replayed_by_run_id = NULL WHERE replayed_by_run_id = ? AND resolved_at IS NULL').run(runId).changes;
      }
      return db
        .prepare('UPDATE dead_letters SET resolved_at = ?, resolved_by_run_id = ?, resolution = ? WHERE replayed_by_run_id = ? AND resolved_at IS NULL')
        .run(now(), runId, `replayed by run ${runId}`, runId).changes;
    });
  }

  recordEdits(edits: readonly DeadLetterEdit[]): void {
    const statement = this.access.db.prepare(
      'INSERT INTO dead_letter_edits (dead_letter_id, run_id, data_before, data_after, source, edited_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const editedAt = now();
    this.access.write(() => {
      for (const edit of edits) {
        statement.run(edit.deadLetterId, edit.runId, JSON.stringify(edit.dataBefore), JSON.stringify(edit.dataAfter), edit.source, editedAt);
      }
    });
  }

  listEdits(deadLetterId: number): (DeadLetterEdit & { editedAt: string })[] {
    const rows = this.access.db
      .prepare('SELECT * FROM dead_letter_edits WHERE dead_letter_id = ? ORDER BY id')
      .all(deadLetterId) as { dead_letter_id: number; run_id: number; data_before: string; data_after: string; source: string; edited_at: string }[];
    return rows.map((row) => ({
      deadLetterId: row.dead_letter_id,
      runId: row.run_id,
      dataBefore: JSON.parse(row.data_before) as Record<string, unknown>,
      dataAfter: JSON.parse(row.data_after) as Record<string, unknown>,
      source: row.source,
      editedAt: row.edited_at,
    }));
  }
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    runId: row.run_id,
    flowId: row.flow_id,
    nodeId: row.node_id,
    recordKey: row.record_key,
    origin: JSON.parse(row.origin) as DeadLetter['origin'],
    record: JSON.parse(row.record) as FlowRecord,
    errorKind: row.error_kind,
    errorMessage: row.error_message,
    attempts: row.attempts,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedByRunId: row.resolved_by_run_id,
    resolution: row.resolution,
    replayedByRunId: row.replayed_by_run_id,
  };
}
