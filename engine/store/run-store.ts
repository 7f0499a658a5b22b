/**
 * The run history: runs, steps, samples, dead letters and the ledger of sink writes. The engine
 * talks to this interface only; SQLite implements it for one machine and PostgreSQL for many.
 * Methods are async so that both implementations fit it.
 */
import type { ErrorKind } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import type { FlowRecord, RecordOrigin } from '../records.js';
import type { Delivery, TriggerInput } from '../sdk/node-kind.js';
import type { RunReason, RunStatus, StepStatus } from '../statuses.js';

export interface RunSummary {
  id: number;
  flowId: string;
  flowName: string;
  /** SHA-256 of the canonical flow text this run executed; the flow itself is kept under it. */
  flowHash: string;
  /** Absolute path of the flow file, when the run started from one. */
  flowPath: string | null;
  status: RunStatus;
  reason: RunReason;
  /** The run this one continues (rerun, replay, approval), or null. */
  parentRunId: number | null;
  params: Record<string, unknown>;
  trigger: TriggerInput[];
  startedAt: string;
  finishedAt: string | null;
  /** Message of the error that failed the run, or null. */
  error: string | null;
  /** Dead letters of this run not yet resolved. */
  openDeadLetters: number;
  /** Host name and process id of the process that runs it, to find runs left behind by a crash. */
  host: string;
  pid: number;
}

export interface NewRun {
  flowId: string;
  flowName: string;
  flowHash: string;
  flowPath: string | null;
  reason: RunReason;
  parentRunId: number | null;
  params: Record<string, unknown>;
}

export interface RunUpdate {
  status?: RunStatus;
  finishedAt?: string;
  error?: string | null;
  trigger?: TriggerInput[];
}

export interface StepSummary {
  runId: number;
  nodeId: string;
  nodeType: string;
  status: StepStatus;
  recordsIn: number;
  /** Records sent per output port, `error` included. */
  outputs: Record<string, number>;
  /** Records that failed in this node (sent to the error port or to the dead letters). */
  errors: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface NewDeadLetter {
  runId: number;
  flowId: string;
  nodeId: string;
  record: FlowRecord;
  errorKind: ErrorKind;
  errorMessage: string;
  attempts: number;
}

export interface DeadLetter extends NewDeadLetter {
  id: number;
  recordKey: string | null;
  origin: RecordOrigin;
  createdAt: string;
  resolvedAt: string | null;
  resolvedByRunId: number | null;
}

export interface DeadLetterFilter {
  flowId?: string;
  runId?: number;
  nodeId?: string;
  /** Substring of the error message, case-insensitive. */
  errorText?: string;
  /** ISO time; dead letters created at or after it. */
  since?: string;
  includeResolved?: boolean;
  limit?: number;
}

export interface LedgerEntry {
  target: string;
  recordKey: string | null;
  contentHash: string;
  runId: number;
  nodeId: string;
  deliveredAt: string;
}

/** The outcome of a file a folder watch took in: the status of its run, or SKIPPED when its content had been run before. */
export type WatchedFileOutcome = RunStatus | 'SKIPPED';

export interface NewWatchedFile {
  flowId: string;
  /** The trigger node whose folder the file was in. */
  nodeId: string;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /** The file's name when it arrived. */
  fileName: string;
  size: number;
  outcome: WatchedFileOutcome;
  /** The run it started, or for SKIPPED the run that took the same content first. */
  runId: number | null;
  /** The path the file was moved to after its run, or null while it has not been moved. */
  movedTo: string | null;
}

export interface WatchedFile extends NewWatchedFile {
  id: number;
  processedAt: string;
}

export interface RunStore {
  /** Keeps a flow version under its hash so a continuation can run the exact version of its parent. */
  saveFlowVersion(hash: string, flow: FlowDocument): Promise<void>;
  getFlowVersion(hash: string): Promise<FlowDocument | undefined>;

  createRun(run: NewRun): Promise<RunSummary>;
  updateRun(runId: number, update: RunUpdate): Promise<void>;
  getRun(runId: number): Promise<RunSummary | undefined>;
  /** Newest first. */
  listRuns(filter?: { flowId?: string; limit?: number }): Promise<RunSummary[]>;

  /** Inserts or replaces the steps of a run. */
  saveSteps(steps: readonly StepSummary[]): Promise<void>;
  getSteps(runId: number): Promise<StepSummary[]>;

  /** Stores the bounded sample of records a step sent on one port, replacing an earlier sample. */
  saveSample(runId: number, nodeId: string, port: string, records: readonly FlowRecord[]): Promise<void>;
  getSample(runId: number, nodeId: string, port: string): Promise<FlowRecord[]>;

  addDeadLetters(entries: readonly NewDeadLetter[]): Promise<void>;
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;

  recordDeliveries(runId: number, nodeId: string, target: string, deliveries: readonly Delivery[]): Promise<void>;
  lastDelivered(target: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** Ledger entries for one business key across all targets, newest first. */
  findDeliveries(recordKey: string): Promise<LedgerEntry[]>;

  /** Remembers a file a folder watch took in; returns its id. */
  recordWatchedFile(file: NewWatchedFile): Promise<number>;
  /** Records where a remembered file was moved. */
  setWatchedFileLocation(id: number, movedTo: string): Promise<void>;
  /**
   * Returns the first file of this flow with these contents whose run COMPLETED or
   * COMPLETED_WITH_ERRORS, so the same bytes never run twice. Files whose run failed do not count.
   */
  findCompletedWatchedFile(flowId: string, sha256: string): Promise<WatchedFile | undefined>;

  /** Marks runs left RUNNING or QUEUED by processes of this host that no longer exist as INTERRUPTED; returns their ids. */
  markInterruptedRuns(): Promise<number[]>;

  close(): Promise<void>;
}
