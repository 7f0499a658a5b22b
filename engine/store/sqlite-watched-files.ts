/**
 * Files a folder watch took in, in the SQLite run store.
 */
import { now, type SqliteAccess } from './sqlite-access.js';
import type { NewWatchedFile, WatchedFile } from './watch-store.js';

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

export class SqliteWatchedFiles {
  constructor(private readonly access: SqliteAccess) {}

  record(file: NewWatchedFile): number {
    return this.access.write(() => {
      const result = this.access.db
        .prepare(
          `INSERT INTO watched_files (flow_id, node_id, sha256, file_name, size, outcome, run_id, moved_to, processed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(file.flowId, file.nodeId, file.sha256, file.fileName, file.size, file.outcome, file.runId, file.movedTo, now());
      return Number(result.lastInsertRowid);
    });
  }

  setLocation(id: number, movedTo: string): void {
    this.access.write(() => {
      this.access.db.prepare('UPDATE watched_files SET moved_to = ? WHERE id = ?').run(movedTo, id);
    });
  }

  findCompleted(flowId: string, sha256: string): WatchedFile | undefined {
    const row = this.access.db
      .prepare(
        `SELECT * FROM watched_files WHERE flow_id = ? AND sha256 = ? AND outcome IN ('COMPLETED', 'COMPLETED_WITH_ERRORS') ORDER BY id LIMIT 1`,
      )
      .get(flowId, sha256) as WatchedFileRow | undefined;
    return row === undefined ? undefined : toWatchedFile(row);
  }
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
