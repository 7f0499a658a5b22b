/**
 * Files a folder watch took in, as the run store keeps them: one row per file with its content
 * hash, so a restart or a second copy of the same content does not run the flow again.
 */
import type { RunStatus } from '../statuses.js';

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

export interface WatchStore {
  /** Stores a file a watch took in and returns its id. */
  recordWatchedFile(file: NewWatchedFile): Promise<number>;
  /** Records where a file was moved after its run. */
  setWatchedFileLocation(id: number, movedTo: string): Promise<void>;
  /** Returns the first file of this flow with this content whose run completed, if any. */
  findCompletedWatchedFile(flowId: string, sha256: string): Promise<WatchedFile | undefined>;
}
