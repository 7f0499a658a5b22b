/**
 * Decides when a file in a watched folder is complete. A file that is still being copied or
 * written grows or changes its modification time, so a file counts as settled once neither has
 * changed for the settle time. A file seen for the first time counts from its own modification
 * or status-change time, so files that were already there when the watch started settle at once.
 */

export interface FileState {
  path: string;
  size: number;
  /** Latest of the file's modification and status-change times, in epoch milliseconds. */
  changedAtMs: number;
}

interface Observation {
  size: number;
  changedAtMs: number;
  /** When the watch last saw the size or time change, or the file's own time for a new file. */
  stableSinceMs: number;
}

export class SettleTracker {
  private readonly observations = new Map<string, Observation>();

  constructor(private readonly settleTimeMs: number) {}

  /**
   * Records what one listing of the folder found and returns the settled files and the time until
   * the next unsettled one may settle (undefined when none is waiting). Files no longer listed are
   * forgotten.
   */
  observe(files: readonly FileState[], nowMs: number): { settled: string[]; nextCheckInMs: number | undefined } {
    const listed = new Set(files.map((file) => file.path));
    for (const path of [...this.observations.keys()]) {
      if (!listed.has(path)) {
        this.observations.delete(path);
      }
    }
    const settled: string[] = [];
    let nextCheckInMs: number | undefined;
    for (const file of files) {
      const previous = this.observations.get(file.path);
      let stableSinceMs: number;
      if (previous === undefined) {
        stableSinceMs = Math.min(file.changedAtMs, nowMs);
      } else if (previous.size !== file.size || previous.changedAtMs !== file.changedAtMs) {
        stableSinceMs = nowMs;
      } else {
        stableSinceMs = previous.stableSinceMs;
      }
      this.observations.set(file.path, { size: file.size, changedAtMs: file.changedAtMs, stableSinceMs });
      const waitMs = stableSinceMs + this.settleTimeMs - nowMs;
      if (waitMs <= 0) {
        settled.push(file.path);
      } else {
        nextCheckInMs = Math.min(nextCheckInMs ?? waitMs, waitMs);
      }
    }
    return { settled, nextCheckInMs };
  }

  /** Forgets a file, so that a file of the same name seen later starts afresh. */
  forget(path: string): void {
    this.observations.delete(path);
  }
}
