/**
 * Retention and compaction of the SQLite history file: deletes runs beyond the policy (with
 * their steps, samples, closed dead letters and settled approvals, through the foreign keys),
 * thins the ledger, and gives the freed pages back to the file system.
 */
import type { RetentionOptions, RetentionPolicy, RetentionResult } from './retention.js';
import { chunks, placeholders, type SqliteAccess } from './sqlite-access.js';

interface RunRow {
  id: number;
  flow_id: string;
  parent_run_id: number | null;
  started_at: string;
}

export class SqliteRetention {
  constructor(private readonly access: SqliteAccess) {}

  apply(policy: RetentionPolicy, options: RetentionOptions): RetentionResult {
    const result = this.access.write(() => this.deleteRuns(policy, options.flowId));
    if (options.compaction === 'full') {
      result.trimmedSamples = this.trimSamples(policy.sampleSize);
    }
    this.compact(options.compaction);
    return result;
  }

  private deleteRuns(policy: RetentionPolicy, flowId: string | undefined): RetentionResult {
    const { db } = this.access;
    const runs = (
      flowId === undefined
        ? db.prepare('SELECT id, flow_id, parent_run_id, started_at FROM runs ORDER BY id DESC').all()
        : db.prepare('SELECT id, flow_id, parent_run_id, started_at FROM runs WHERE flow_id = ? ORDER BY id DESC').all(flowId)
    ) as RunRow[];
    const expired = this.expiredRuns(runs, policy);
    const result: RetentionResult = { deletedRuns: 0, protectedRuns: 0, deletedLedgerRows: 0, trimmedSamples: 0 };
    if (expired.size === 0) {
      return result;
    }
    const protectedIds = this.protectedRuns();
    const kept = new Set(runs.filter((run) => !expired.has(run.id) || protectedIds.has(run.id)).map((run) => run.id));
    result.protectedRuns = [...expired].filter((id) => protectedIds.has(id)).length;

    // A kept run keeps its whole ancestry, so lineage stays readable and the ledger's lineage roots stay valid.
    const parents = new Map(runs.map((run) => [run.id, run.parent_run_id]));
    for (const id of [...kept]) {
      let parent = parents.get(id) ?? null;
      while (parent !== null && !kept.has(parent)) {
        kept.add(parent);
        parent = parents.get(parent) ?? null;
      }
    }
    // Newest first, so children go before the parents their foreign key points to.
    const doomed = runs.filter((run) => !kept.has(run.id)).map((run) => run.id);
    // Ledger rows go first: they are found through the effects of the doomed runs.
    result.deletedLedgerRows = this.thinLedger(doomed);
    for (const idChunk of chunks(doomed)) {
      db.prepare(
        `DELETE FROM sink_effects WHERE status <> 'pending' AND run_id IN (${placeholders(idChunk.length)})
           AND NOT EXISTS (SELECT 1 FROM ledger WHERE ledger.effect_id = sink_effects.id)`,
      ).run(...idChunk);
    }
    const deleteRun = db.prepare('DELETE FROM runs WHERE id = ?');
    for (const id of doomed) {
      deleteRun.run(id);
    }
    result.deletedRuns = doomed.length;
    return result;
  }

  private expiredRuns(runs: readonly RunRow[], policy: RetentionPolicy): Set<number> {
    const expired = new Set<number>();
    const oldest = policy.maximumAgeMs === null ? undefined : new Date(Date.now() - policy.maximumAgeMs).toISOString();
    const seenPerFlow = new Map<string, number>();
    for (const run of runs) {
      const rank = (seenPerFlow.get(run.flow_id) ?? 0) + 1;
      seenPerFlow.set(run.flow_id, rank);
      if ((policy.runsPerFlow !== null && rank > policy.runsPerFlow) || (oldest !== undefined && run.started_at < oldest)) {
        expired.add(run.id);
      }
    }
    return expired;
  }

  /** Runs that must stay whatever their age: they still have something to do or to show. */
  private protectedRuns(): Set<number> {
    const ids = this.access.db
      .prepare(
        `SELECT id FROM runs WHERE status IN ('RUNNING', 'QUEUED', 'WAITING')
         UNION SELECT run_id FROM dead_letters WHERE resolved_at IS NULL
         UNION SELECT run_id FROM approvals WHERE status = 'PENDING' OR continuation_run_id IS NULL
         UNION SELECT approvals.continuation_run_id FROM approvals JOIN runs parent ON parent.id = approvals.run_id
               WHERE parent.status = 'WAITING' AND approvals.continuation_run_id IS NOT NULL
         UNION SELECT run_id FROM sink_effects WHERE status = 'pending'`,
      )
      .pluck()
      .all() as number[];
    return new Set(ids);
  }

  /**
   * Deletes the ledger rows of deleted lineages that no longer decide anything: a row is kept
   * while it is the newest delivery of its key to its target, because change detection compares
   * against it (its effect is kept with it). Rows of kept lineages stay, because re-runs and
   * replays compare against them.
   */
  private thinLedger(deletedRuns: readonly number[]): number {
    let deleted = 0;
    for (const idChunk of chunks(deletedRuns)) {
      deleted += this.access.db
        .prepare(
          `DELETE FROM ledger WHERE effect_id IN (SELECT id FROM sink_effects WHERE run_id IN (${placeholders(idChunk.length)}))
             AND (record_key IS NULL
               OR (SELECT status FROM sink_effects WHERE sink_effects.id = ledger.effect_id) <> 'delivered'
               OR EXISTS (
                 SELECT 1 FROM ledger newer JOIN sink_effects ON sink_effects.id = newer.effect_id
                 WHERE newer.record_key = ledger.record_key AND newer.target_id = ledger.target_id
                   AND newer.id > ledger.id AND sink_effects.status = 'delivered'))`,
        )
        .run(...idChunk).changes;
    }
    return deleted;
  }

  private trimSamples(sampleSize: number): number {
    const { db } = this.access;
    const rows = db.prepare('SELECT rowid, records FROM samples WHERE json_array_length(records) > ?').all(sampleSize) as { rowid: number; records: string }[];
    const update = db.prepare('UPDATE samples SET records = ? WHERE rowid = ?');
    this.access.write(() => {
      for (const row of rows) {
        update.run(JSON.stringify((JSON.parse(row.records) as unknown[]).slice(0, sampleSize)), row.rowid);
      }
    });
    return rows.length;
  }

  private compact(compaction: RetentionOptions['compaction']): void {
    const { db } = this.access;
    if (compaction === 'full') {
      // VACUUM also switches a file created before incremental vacuum existed over to it.
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
    } else {
      db.pragma('incremental_vacuum');
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
}
