/**
 * The run store on one SQLite file through better-sqlite3.
 *
 * WAL mode lets readers (the designer, `flowmason runs`) see history while a run writes it.
 * Writes commit with `synchronous=FULL`, because the ledger and approvals gate external effects
 * and must survive power loss once committed. The frequent writes that decide nothing on their
 * own (staged ledger rows, step counts, samples) use `writeRelaxed` and commit without waiting for
 * the disk; the next full commit makes them durable too. Each process holds one connection and
 * writes in `BEGIN IMMEDIATE` transactions; `busy_timeout` makes a second process wait instead of
 * failing.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import type { FlowRecord } from '../records.js';
import type { Delivery } from '../sdk/node-kind.js';
import type { RunReason, RunStatus, StepStatus } from '../statuses.js';
import type { Approval, ApprovalChange, ApprovalFilter, NewApproval } from './approval-store.js';
import type { DeadLetterReach, EffectPlan, LedgerEntry, SinkEffect } from './ledger-store.js';
import type { RetentionOptions, RetentionPolicy, RetentionResult } from './retention.js';
import type {
  DeadLetter,
  DeadLetterEdit,
  DeadLetterFilter,
  NewDeadLetter,
  NewRun,
  RunStore,
  RunSummary,
  RunUpdate,
  StepSummary,
} from './run-store.js';
import { now, type SqliteAccess } from './sqlite-access.js';
import { SqliteApprovals } from './sqlite-approvals.js';
import { SqliteWatchedFiles } from './sqlite-watched-files.js';
import type { NewWatchedFile, WatchedFile } from './watch-store.js';
import { SqliteDeadLetters } from './sqlite-dead-letters.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteRetention } from './sqlite-retention.js';

/** Milliseconds a writer waits for another process's write transaction before failing. */
const BUSY_TIMEOUT_MS = 10_000;

interface RunRow {
  id: number;
  flow_id: string;
  flow_name: string;
  flow_hash: string;
  flow_path: string | null;
  status: RunStatus;
  reason: RunReason;
  parent_run_id: number | null;
  root_run_id: number | null;
  params: string;
  trigger_input: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  host: string;
  pid: number;
  open_dead_letters: number;
}

interface StepRow {
  run_id: number;
  node_id: string;
  node_type: string;
  status: StepStatus;
  records_in: number;
  outputs: string;
  errors: number;
  unchanged: number;
  held: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

const RUN_COLUMNS = `runs.*, (SELECT COUNT(*) FROM dead_letters d WHERE d.run_id = runs.id AND d.resolved_at IS NULL) AS open_dead_letters`;

export class SqliteRunStore implements RunStore, SqliteAccess {
  readonly db: Database.Database;
  private readonly deadLetters: SqliteDeadLetters;
  private readonly ledger: SqliteLedger;
  private readonly approvals: SqliteApprovals;
  private readonly watchedFiles: SqliteWatchedFiles;
  private readonly retention: SqliteRetention;

  /** Opens (creating when needed) the history file at `path` and brings its schema up to date. */
  constructor(readonly path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
    }
    this.db = new Database(path);
    // Takes effect only on a file without tables; VACUUM in `applyRetention` converts older files.
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.migrate();
    this.deadLetters = new SqliteDeadLetters(this);
    this.ledger = new SqliteLedger(this, this.deadLetters);
    this.approvals = new SqliteApprovals(this);
    this.watchedFiles = new SqliteWatchedFiles(this);
    this.retention = new SqliteRetention(this);
  }

  /** The schema version of the open file. */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > SQLITE_MIGRATIONS.length) {
      throw new InputError(
        `run history ${this.path} has schema version ${current}, newer than this Flowmason (${SQLITE_MIGRATIONS.length}); use a newer Flowmason or another --db`,
      );
    }
    for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
      this.write(() => {
        this.db.exec(SQLITE_MIGRATIONS[version] as string);
        this.db.pragma(`user_version = ${version + 1}`);
      });
    }
  }

  /**
   * Runs `work` in a `BEGIN IMMEDIATE` transaction, so a second writer waits for the lock up front.
   * Inside a transaction already open it runs as a savepoint.
   */
  write<T>(work: () => T): T {
    if (this.db.inTransaction) {
      return this.db.transaction(work)();
    }
    this.useSynchronous('FULL');
    return this.db.transaction(work).immediate();
  }

  writeRelaxed<T>(work: () => T): T {
    if (this.db.inTransaction) {
      return this.db.transaction(work)();
    }
    this.useSynchronous('NORMAL');
    return this.db.transaction(work).immediate();
  }

  /** The connection's current `synchronous` setting, changed only when the next write needs the other one. */
  private synchronous: 'FULL' | 'NORMAL' = 'FULL';

  private useSynchronous(mode: 'FULL' | 'NORMAL'): void {
    if (this.synchronous !== mode) {
      this.db.pragma(`synchronous = ${mode}`);
      this.synchronous = mode;
    }
  }

  async saveFlowVersion(hash: string, flow: FlowDocument): Promise<void> {
    this.write(() => {
      this.db
        .prepare('INSERT OR IGNORE INTO flow_versions (hash, flow_id, document, created_at) VALUES (?, ?, ?, ?)')
        .run(hash, flow.id, JSON.stringify(flow), now());
    });
  }

  async getFlowVersion(hash: string): Promise<FlowDocument | undefined> {
    const row = this.db.prepare('SELECT document FROM flow_versions WHERE hash = ?').get(hash) as { document: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.document) as FlowDocument);
  }

  async createRun(run: NewRun): Promise<RunSummary> {
    const id = this.write(() => {
      const result = this.db
        .prepare(
          `INSERT INTO runs (flow_id, flow_name, flow_hash, flow_path, status, reason, parent_run_id, params, started_at, host, pid)
           VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)`,
        )
        .run(run.flowId, run.flowName, run.flowHash, run.flowPath, run.reason, run.parentRunId, JSON.stringify(run.params), now(), hostname(), process.pid);
      const inserted = Number(result.lastInsertRowid);
      this.db
        .prepare('UPDATE runs SET root_run_id = COALESCE((SELECT parent.root_run_id FROM runs parent WHERE parent.id = runs.parent_run_id), id) WHERE id = ?')
        .run(inserted);
      return inserted;
    });
    return (await this.getRun(id)) as RunSummary;
  }

  async updateRun(runId: number, update: RunUpdate): Promise<void> {
    const assignments: string[] = [];
    const values: unknown[] = [];
    if (update.status !== undefined) {
      assignments.push('status = ?');
      values.push(update.status);
    }
    if (update.finishedAt !== undefined) {
      assignments.push('finished_at = ?');
      values.push(update.finishedAt);
    }
    if (update.error !== undefined) {
      assignments.push('error = ?');
      values.push(update.error);
    }
    if (update.trigger !== undefined) {
      assignments.push('trigger_input = ?');
      values.push(JSON.stringify(update.trigger));
    }
    if (assignments.length === 0) {
      return;
    }
    this.write(() => {
      this.db.prepare(`UPDATE runs SET ${assignments.join(', ')} WHERE id = ?`).run(...values, runId);
    });
  }

  async getRun(runId: number): Promise<RunSummary | undefined> {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(runId) as RunRow | undefined;
    return row === undefined ? undefined : toRun(row);
  }

  async listRuns(filter: { flowId?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const limit = filter.limit ?? 50;
    const rows =
      filter.flowId === undefined
        ? this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE flow_id = ? ORDER BY id DESC LIMIT ?`).all(filter.flowId, limit);
    return (rows as RunRow[]).map(toRun);
  }

  async listChildRuns(runId: number): Promise<RunSummary[]> {
    const rows = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE parent_run_id = ? ORDER BY id`).all(runId) as RunRow[];
    return rows.map(toRun);
  }

  async saveSteps(steps: readonly StepSummary[]): Promise<void> {
    const statement = this.db.prepare(
      `INSERT OR REPLACE INTO steps (run_id, node_id, node_type, status, records_in, outputs, errors, unchanged, held, started_at, finished_at, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Step counts are progress; the run's final write makes the last ones durable.
    this.writeRelaxed(() => {
      for (const step of steps) {
        statement.run(
          step.runId,
          step.nodeId,
          step.nodeType,
          step.status,
          step.recordsIn,
          JSON.stringify(step.outputs),
          step.errors,
          step.unchanged,
          step.held,
          step.startedAt,
          step.finishedAt,
          step.durationMs,
        );
      }
    });
  }

  async getSteps(runId: number): Promise<StepSummary[]> {
    const rows = this.db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY rowid').all(runId) as StepRow[];
    return rows.map((row) => ({
      runId: row.run_id,
      nodeId: row.node_id,
      nodeType: row.node_type,
      status: row.status,
      recordsIn: row.records_in,
      outputs: JSON.parse(row.outputs) as Record<string, number>,
      errors: row.errors,
      unchanged: row.unchanged,
      held: row.held,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
    }));
  }

  async saveSample(runId: number, nodeId: string, port: string, records: readonly FlowRecord[]): Promise<void> {
    this.writeRelaxed(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO samples (run_id, node_id, port, records) VALUES (?, ?, ?, ?)')
        .run(runId, nodeId, port, JSON.stringify(records));
    });
  }

  async getSample(runId: number, nodeId: string, port: string): Promise<FlowRecord[]> {
    const row = this.db.prepare('SELECT records FROM samples WHERE run_id = ? AND node_id = ? AND port = ?').get(runId, nodeId, port) as
      | { records: string }
      | undefined;
    return row === undefined ? [] : (JSON.parse(row.records) as FlowRecord[]);
  }

  async addDeadLetters(entries: readonly NewDeadLetter[], reach?: DeadLetterReach): Promise<void> {
    this.deadLetters.add(entries, reach);
  }

  async listDeadLetters(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    return this.deadLetters.list(filter);
  }

  async claimDeadLetters(ids: readonly number[], runId: number): Promise<void> {
    this.deadLetters.claim(ids, runId);
  }

  async settleClaimedDeadLetters(runId: number, outcome: 'replayed' | 'released'): Promise<number> {
    return this.deadLetters.settleClaimed(runId, outcome);
  }

  async recordDeadLetterEdits(edits: readonly DeadLetterEdit[]): Promise<void> {
    this.deadLetters.recordEdits(edits);
  }

  async listDeadLetterEdits(deadLetterId: number): Promise<(DeadLetterEdit & { editedAt: string })[]> {
    return this.deadLetters.listEdits(deadLetterId);
  }

  async closeDeadLettersReached(reach: DeadLetterReach, keys: readonly string[], resolution: string): Promise<number> {
    return this.deadLetters.closeReached(reach, keys, resolution);
  }

  async recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[], reach?: DeadLetterReach): Promise<void> {
    this.ledger.recordDeliveries(runId, nodeId, target, deliveries, reach);
  }

  async lastDelivered(target: string, keys: readonly string[]): Promise<Map<string, string>> {
    return this.ledger.lastDelivered(target, keys);
  }

  async deliveredInLineage(target: string, runId: number, deliveries: readonly Delivery[]): Promise<Set<string>> {
    return this.ledger.deliveredInLineage(target, runId, deliveries);
  }

  async findDeliveries(recordKey: string): Promise<LedgerEntry[]> {
    return this.ledger.findDeliveries(recordKey);
  }

  async beginEffect(plan: EffectPlan): Promise<number> {
    return this.ledger.beginEffect(plan);
  }

  async stageDeliveries(effectId: number, deliveries: readonly Delivery[]): Promise<void> {
    this.ledger.stageDeliveries(effectId, deliveries);
  }

  async sealEffect(effectId: number, fingerprint: string): Promise<void> {
    this.ledger.sealEffect(effectId, fingerprint);
  }

  async confirmEffect(effectId: number, reach?: DeadLetterReach): Promise<number> {
    return this.ledger.confirmEffect(effectId, reach);
  }

  async discardEffect(effectId: number): Promise<void> {
    this.ledger.discardEffect(effectId);
  }

  async listPendingEffects(): Promise<(SinkEffect & { runStatus: string })[]> {
    return this.ledger.listPendingEffects();
  }

  async recordWatchedFile(file: NewWatchedFile): Promise<number> {
    return this.watchedFiles.record(file);
  }

  async setWatchedFileLocation(id: number, movedTo: string): Promise<void> {
    this.watchedFiles.setLocation(id, movedTo);
  }

  async findCompletedWatchedFile(flowId: string, sha256: string): Promise<WatchedFile | undefined> {
    return this.watchedFiles.findCompleted(flowId, sha256);
  }

  async addApprovals(approvals: readonly NewApproval[]): Promise<{ added: number; skipped: number }> {
    return this.approvals.add(approvals);
  }

  async getApproval(id: number): Promise<Approval | undefined> {
    return this.approvals.get(id);
  }

  async listApprovals(filter?: ApprovalFilter): Promise<Approval[]> {
    return this.approvals.list(filter);
  }

  async decideApproval(id: number, decide: (approval: Approval) => ApprovalChange): Promise<Approval> {
    return this.approvals.decide(id, decide);
  }

  async claimApprovals(ids: readonly number[], runId: number): Promise<void> {
    this.approvals.claim(ids, runId);
  }

  async listUncontinuedApprovals(): Promise<Approval[]> {
    return this.approvals.listUncontinued();
  }

  async settleWaitingRun(runId: number): Promise<RunStatus | undefined> {
    return this.approvals.settleWaitingRun(runId);
  }

  async applyRetention(policy: RetentionPolicy, options: RetentionOptions): Promise<RetentionResult> {
    return this.retention.apply(policy, options);
  }

  async markInterruptedRuns(): Promise<number[]> {
    const host = hostname();
    const candidates = this.db
      .prepare("SELECT id, pid FROM runs WHERE status IN ('RUNNING', 'QUEUED') AND host = ?")
      .all(host) as { id: number; pid: number }[];
    const dead = candidates.filter((run) => run.pid !== process.pid && !isProcessAlive(run.pid)).map((run) => run.id);
    if (dead.length > 0) {
      const statement = this.db.prepare(
        "UPDATE runs SET status = 'INTERRUPTED', finished_at = ?, error = 'the process running it stopped before the run ended' WHERE id = ? AND status IN ('RUNNING', 'QUEUED')",
      );
      const finishedAt = now();
      this.write(() => {
        for (const id of dead) {
          statement.run(finishedAt, id);
        }
      });
    }
    return dead;
  }

  async close(): Promise<void> {
    if (this.db.open) {
      this.db.close();
    }
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toRun(row: RunRow): RunSummary {
  return {
    id: row.id,
    flowId: row.flow_id,
    flowName: row.flow_name,
    flowHash: row.flow_hash,
    flowPath: row.flow_path,
    status: row.status,
    reason: row.reason,
    parentRunId: row.parent_run_id,
    rootRunId: row.root_run_id ?? row.id,
    params: JSON.parse(row.params) as Record<string, unknown>,
    trigger: JSON.parse(row.trigger_input) as RunSummary['trigger'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    openDeadLetters: row.open_dead_letters,
    host: row.host,
    pid: row.pid,
  };
}
