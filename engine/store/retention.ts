/**
 * How much history the run store keeps. Old runs are deleted by age and by count per flow, and
 * the file is compacted, so the history file stays bounded however many runs it records.
 * Runs that still matter are never deleted: those with open dead letters, pending or uncontinued
 * approvals, those that hold the newest approval decision on a key at an approve node, those
 * still running or waiting, and the ancestors of any run that is kept.
 */

export interface RetentionPolicy {
  /** Runs that started longer ago than this, in milliseconds, are deleted; null keeps them. */
  maximumAgeMs: number | null;
  /** Newest runs kept per flow; null keeps them all. */
  runsPerFlow: number | null;
  /** Records kept per step and port in stored samples. */
  sampleSize: number;
}

/** The policy applied after every run and by `flowmason prune` unless told otherwise. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  maximumAgeMs: 30 * 24 * 60 * 60 * 1000,
  runsPerFlow: 200,
  sampleSize: 20,
};

export interface RetentionOptions {
  /** Only runs of this flow; all flows when absent. */
  flowId?: string;
  /**
   * `incremental` returns a bounded number of free pages to the file system and checkpoints the
   * write-ahead log, cheap enough to do after every run; `full` rebuilds the file with VACUUM.
   */
  compaction: 'incremental' | 'full';
}

export interface RetentionResult {
  deletedRuns: number;
  /** Runs beyond the policy that were kept because they still matter. */
  protectedRuns: number;
  deletedLedgerRows: number;
  trimmedSamples: number;
}

export interface RetentionStore {
  applyRetention(policy: RetentionPolicy, options: RetentionOptions): Promise<RetentionResult>;
}
