/**
 * The run store on one SQLite file through better-sqlite3.
 *
 * WAL mode lets readers (the designer, `flowmason runs`) see history while a run writes it.
 * `synchronous=FULL` because the ledger and approvals gate external effects and must survive
 * power loss once committed. Each process holds one connection and writes in `BEGIN IMMEDIATE`
 * transactions; `busy_timeout` makes a second process wait instead of failing.
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
import type {
  DeadLetter,
  DeadLetterFilter,
  LedgerEntry,
  NewDeadLetter,
  NewRun,
  NewWatchedFile,
  RunStore,
  RunSummary,
  RunUpdate,
  StepSummary,
  WatchedFile,
} from './run-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';

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
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

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
}

const RUN_COLUMNS = `runs.*, (SELECT COUNT(*) FROM dead_letters d WHERE d.run_id = runs.id AND d.resolved_at IS NULL) AS open_dead_letters`;

export class SqliteRunStore implements RunStore {
  readonly db: Database.Database;

  /** Opens (creating when needed) the history file at `path` and brings its schema up to date. */
  constructor(readonly path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
    }
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.migrate();
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

  /** Runs `work` in a `BEGIN IMMEDIATE` transaction, so a second writer waits for the lock up front. */
  write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
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
      return Number(result.lastInsertRowid);
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

  async saveSteps(steps: readonly StepSummary[]): Promise<void> {
    const statement = this.db.prepare(
      `INSERT OR REPLACE INTO steps (run_id, node_id, node_type, status, records_in, outputs, errors, started_at, finished_at, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.write(() => {
      for (const step of steps) {
        statement.run(
          step.runId,
          step.nodeId,
          step.nodeType,
          step.status,
          step.recordsIn,
          JSON.stringify(step.outputs),
          step.errors,
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
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
    }));
  }

  async saveSample(runId: number, nodeId: string, port: string, records: readonly FlowRecord[]): Promise<void> {
    this.write(() => {
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

  async addDeadLetters(entries: readonly NewDeadLetter[]): Promise<void> {
    const statement = this.db.prepare(
      `INSERT INTO dead_letters (run_id, flow_id, node_id, record_key, origin, record, error_kind, error_message, attempts, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const createdAt = now();
    this.write(() => {
      for (const entry of entries) {
        statement.run(
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
      }
    });
  }

  async listDeadLetters(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
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
      conditions.push("instr(lower(error_message), lower(?)) > 0");
      values.push(filter.errorText);
    }
    if (filter.since !== undefined) {
      conditions.push('created_at >= ?');
      values.push(filter.since);
    }
    if (filter.includeResolved !== true) {
      conditions.push('resolved_at IS NULL');
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.db.prepare(`SELECT * FROM dead_letters ${where} ORDER BY id LIMIT ?`).all(...values, filter.limit ?? 1000) as DeadLetterRow[];
    return rows.map(toDeadLetter);
  }

  async recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[]): Promise<void> {
    const statement = this.db.prepare(
      'INSERT INTO ledger (target, record_key, content_hash, run_id, node_id, delivered_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const deliveredAt = now();
    this.write(() => {
      for (const delivery of deliveries) {
        statement.run(target, delivery.key, delivery.hash, runId, nodeId, deliveredAt);
      }
    });
  }

  async lastDelivered(target: string, keys: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const statement = this.db.prepare(
      'SELECT content_hash FROM ledger WHERE target = ? AND record_key = ? ORDER BY id DESC LIMIT 1',
    );
    for (const key of keys) {
      const row = statement.get(target, key) as { content_hash: string } | undefined;
      if (row !== undefined) {
        result.set(key, row.content_hash);
      }
    }
    return result;
  }

  async findDeliveries(recordKey: string): Promise<LedgerEntry[]> {
    const rows = this.db
      .prepare('SELECT target, record_key, content_hash, run_id, node_id, delivered_at FROM ledger WHERE record_key = ? ORDER BY id DESC')
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

  async recordWatchedFile(file: NewWatchedFile): Promise<number> {
    return this.write(() => {
      const result = this.db
        .prepare(
          `INSERT INTO watched_files (flow_id, node_id, sha256, file_name, size, outcome, run_id, moved_to, processed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(file.flowId, file.nodeId, file.sha256, file.fileName, file.size, file.outcome, file.runId, file.movedTo, now());
      return Number(result.lastInsertRowid);
    });
  }

  async setWatchedFileLocation(id: number, movedTo: string): Promise<void> {
    this.write(() => {
      this.db.prepare('UPDATE watched_files SET moved_to = ? WHERE id = ?').run(movedTo, id);
    });
  }

  async findCompletedWatchedFile(flowId: string, sha256: string): Promise<WatchedFile | undefined> {
    const row = this.db
      .prepare(
        `SELECT * FROM watched_files WHERE flow_id = ? AND sha256 = ? AND outcome IN ('COMPLETED', 'COMPLETED_WITH_ERRORS') ORDER BY id LIMIT 1`,
      )
      .get(flowId, sha256) as WatchedFileRow | undefined;
    return row === undefined ? undefined : toWatchedFile(row);
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

interface WatchedFileRow {
  id: number;
  flow_id: string;
  node_id: string;
  sha256: string;
  file_name: string;
  size: number;
  outcome: WatchedFile['outcome'];
  run_id: number | null;
  moved_to: string | null;
  processed_at: string;
}

function toWatchedFile(row: WatchedFileRow): WatchedFile {
  return {
    id: row.id,
    flowId: row.flow_id,
    nodeId: row.node_id,
    sha256: row.sha256,
    fileName: row.file_name,
    size: row.size,
    outcome: row.outcome,
    runId: row.run_id,
    movedTo: row.moved_to,
    processedAt: row.processed_at,
  };
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
  };
}

function now(): string {
  return new Date().toISOString();
}
