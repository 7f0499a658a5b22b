/**
 * The run history: runs, steps, samples, dead letters and the ledger of sink writes. The engine
 * talks to this interface only; SQLite implements it for one machine and PostgreSQL for many.
 * Methods are async so that both implementations fit it.
 */
import type { ErrorKind } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import type { FlowRecord, RecordOrigin } from '../records.js';
import type { TriggerInput } from '../sdk/node-kind.js';
import type { RunReason, RunStatus, StepStatus } from '../statuses.js';
import type { ApprovalStore } from './approval-store.js';
import type { DeadLetterReach, LedgerStore } from './ledger-store.js';

export type { LedgerEntry } from './ledger-store.js';
import type { RetentionStore } from './retention.js';
import type { WatchStore } from './watch-store.js';

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
  /** First run of the lineage: the run itself for a trigger run, else its parent's root. */
  rootRunId: number;
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
  /** Records a sink skipped because the same key and content already reached its target. */
  unchanged: number;
  /** Records an approve node stored as pending approvals. */
  held: number;
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
  /** Why it was closed: delivered later, superseded by a newer failure, or replayed. */
  resolution: string | null;
  /** The replay run that took it, set when the replay starts. */
  replayedByRunId: number | null;
}

/** A change an operator made to a dead letter's data before replaying it. */
export interface DeadLetterEdit {
  deadLetterId: number;
  /** The replay run that used the edited data. */
  runId: number;
  dataBefore: Record<string, unknown>;
  dataAfter: Record<string, unknown>;
  /** Where the edit came from, such as the exported file it was read from. */
  source: string;
}

export interface DeadLetterFilter {
  flowId?: string;
  runId?: number;
  nodeId?: string;
  /** Business key of the record. */
  recordKey?: string;
  /** Substring of the error message, case-insensitive. */
  errorText?: string;
  /** ISO time; dead letters created at or after it. */
  since?: string;
  ids?: readonly number[];
  includeResolved?: boolean;
  limit?: number;
}

export interface RunStore extends LedgerStore, ApprovalStore, RetentionStore, WatchStore {
  /** Keeps a flow version under its hash so a continuation can run the exact version of its parent. */
  saveFlowVersion(hash: string, flow: FlowDocument): Promise<void>;
  getFlowVersion(hash: string): Promise<FlowDocument | undefined>;

  createRun(run: NewRun): Promise<RunSummary>;
  updateRun(runId: number, update: RunUpdate): Promise<void>;
  getRun(runId: number): Promise<RunSummary | undefined>;
  /** Newest first. */
  listRuns(filter?: { flowId?: string; limit?: number }): Promise<RunSummary[]>;
  /** Runs that continue `runId` directly, oldest first. */
  listChildRuns(runId: number): Promise<RunSummary[]>;

  /** Inserts or replaces the steps of a run. */
  saveSteps(steps: readonly StepSummary[]): Promise<void>;
  getSteps(runId: number): Promise<StepSummary[]>;

  /** Stores the bounded sample of records a step sent on one port, replacing an earlier sample. */
  saveSample(runId: number, nodeId: string, port: string, records: readonly FlowRecord[]): Promise<void>;
  getSample(runId: number, nodeId: string, port: string): Promise<FlowRecord[]>;

  /**
   * Stores dead letters. With `reach`, each new dead letter also supersedes the open dead letters
   * of the same key that earlier runs of the flow left at the nodes in `reach.nodeIds`, so one
   * record has one open dead letter however often it is retried.
   */
  addDeadLetters(entries: readonly NewDeadLetter[], reach?: DeadLetterReach): Promise<void>;
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /** Marks open dead letters as taken by the replay run `runId`. */
  claimDeadLetters(ids: readonly number[], runId: number): Promise<void>;
  /**
   * Settles the dead letters a replay run claimed once it has ended: `replayed` closes those still
   * open, `released` clears the claim so they can be replayed again.
   */
  settleClaimedDeadLetters(runId: number, outcome: 'replayed' | 'released'): Promise<number>;
  recordDeadLetterEdits(edits: readonly DeadLetterEdit[]): Promise<void>;
  listDeadLetterEdits(deadLetterId: number): Promise<(DeadLetterEdit & { editedAt: string })[]>;

  /** Marks runs left RUNNING or QUEUED by processes of this host that no longer exist as INTERRUPTED; returns their ids. */
  markInterruptedRuns(): Promise<number[]>;

  close(): Promise<void>;
}

export type { NewWatchedFile, WatchedFile, WatchedFileOutcome } from './watch-store.js';
