import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import { SqliteRunStore } from './sqlite-run-store.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-migrations-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** Writes a history file as the first schema left it: a run, its rerun, and a ledger row of each. */
function versionOneFile(path: string): void {
  const db = new Database(path);
  db.exec(SQLITE_MIGRATIONS[0] as string);
  db.pragma('user_version = 1');
  db.prepare("INSERT INTO flow_versions VALUES ('h', 'items', '{}', '2026-01-01T00:00:00.000Z')").run();
  const insertRun = db.prepare(
    "INSERT INTO runs (id, flow_id, flow_name, flow_hash, status, reason, parent_run_id, params, started_at, host, pid) VALUES (?, 'items', 'Items', 'h', 'COMPLETED', ?, ?, '{}', '2026-01-01T00:00:00.000Z', 'host', 1)",
  );
  insertRun.run(1, 'trigger', null);
  insertRun.run(2, 'rerun', 1);
  const insertDelivery = db.prepare("INSERT INTO ledger (target, record_key, content_hash, run_id, node_id, delivered_at) VALUES ('file:/out', ?, ?, ?, 'write', '2026-01-01T00:00:00.000Z')");
  insertDelivery.run('A1', 'h1', 1);
  insertDelivery.run('A2', 'h2', 2);
  db.close();
}

describe('migration 2', () => {
  it('keeps a version 1 file whole and gives its runs their lineage', async () => {
    const path = join(folder, 'history.db');
    versionOneFile(path);
    const store = new SqliteRunStore(path);
    expect(store.schemaVersion).toBe(SQLITE_MIGRATIONS.length);
    expect((await store.getRun(2))?.rootRunId).toBe(1);
    expect(await store.lastDelivered('file:/out', ['A1', 'A2'])).toEqual(new Map([['A1', 'h1'], ['A2', 'h2']]));
    expect(await store.deliveredInLineage('file:/out', 2, [{ key: 'A1', hash: 'h1' }])).toEqual(new Set(['A1']));
    expect((await store.getSteps(1))).toEqual([]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  });

  it('creates new files with incremental vacuum', async () => {
    const store = new SqliteRunStore(join(folder, 'new.db'));
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    await store.close();
  });
});
