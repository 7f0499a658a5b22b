/** A folder `flowmason watch` takes files from, as a trigger node's config describes it. */
export interface WatchedFolder {
  /** Id of the trigger node. */
  nodeId: string;
  /** Absolute path of the folder. Only files directly in it count, not those in subfolders. */
  folder: string;
  /** Tells whether a file name matches the trigger's pattern. */
  matches(fileName: string): boolean;
  /** The flow parameter that receives each file's absolute path. */
  parameter: string;
  /** Absolute folder for files whose run COMPLETED or COMPLETED_WITH_ERRORS, and for skipped copies. */
  doneFolder: string;
  /** Absolute folder for files whose run FAILED. */
  failedFolder: string;
  pollIntervalMs: number;
  /** A file counts as new once its size and modification time have not changed for this long. */
  settleTimeMs: number;
}
