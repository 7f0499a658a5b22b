import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';

let folder: string;
let path: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-store-'));
  path = join(folder, 'nested', 'history.db');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const flow = buildFlow([['source', 'test.numbers', { count: 1 }]], []);

async function newRun(store: SqliteRunStore) {
  await store.saveFlowVersion('hash-1', flow);
  return store.createRun({ flowId: 'test-flow', flowName: 'Test flow', flowHash: 'hash-1', flowPath: null, reason: 'trigger', parentRunId: null, params: {} });
}

describe('SqliteRunStore', () => {
  it('creates the file with WAL and the latest schema', async () => {
    const store = new SqliteRunStore(path);
    expect(store.schemaVersion).toBe(SQLITE_MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });

  it('refuses a history file from a newer Flowmason', async () => {
    const db = new Database(path.replace('nested/', ''));
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new SqliteRunStore(path.replace('nested/', ''))).toThrow(/has schema version \d+, newer than this Flowmason/);
  });

  it('marks runs of dead processes interrupted and leaves live ones', async () => {
    const store = new SqliteRunStore(path);
    const dead = await newRun(store);
    const live = await newRun(store);
    const finished = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    store.db.prepare('UPDATE runs SET pid = ? WHERE id = ?').run(Number(finished.stdout), dead.id);
    expect(await store.markInterruptedRuns()).toEqual([dead.id]);
    expect((await store.getRun(dead.id))?.status).toBe('INTERRUPTED');
    expect((await store.getRun(live.id))?.status).toBe('RUNNING');
    await store.close();
  });

  it('filters dead letters by node, error text and time', async () => {
    const store = new SqliteRunStore(path);
    const run = await newRun(store);
    const record = (key: string) => ({ key, origin: { node: 'source', index: 0 }, data: { key } });
    await store.addDeadLetters([
      { runId: run.id, flowId: 'test-flow', nodeId: 'map', record: record('A'), errorKind: 'input', errorMessage: 'Weight is not a number', attempts: 1 },
      { runId: run.id, flowId: 'test-flow', nodeId: 'send', record: record('B'), errorKind: 'transient', errorMessage: 'HTTP 503', attempts: 5 },
    ]);
    expect((await store.listDeadLetters({ nodeId: 'send' })).map((letter) => letter.recordKey)).toEqual(['B']);
    expect((await store.listDeadLetters({ errorText: 'NUMBER' })).map((letter) => letter.recordKey)).toEqual(['A']);
    expect(await store.listDeadLetters({ since: '2999-01-01T00:00:00.000Z' })).toEqual([]);
    expect((await store.getRun(run.id))?.openDeadLetters).toBe(2);
    await store.close();
  });

  it('returns the last content hash delivered per key', async () => {
    const store = new SqliteRunStore(path);
    const run = await newRun(store);
    await store.recordDeliveries(run.id, 'sink', 'file:/out.csv', [
      { key: 'A', hash: 'h1' },
      { key: 'B', hash: 'h2' },
    ]);
    await store.recordDeliveries(run.id, 'sink', 'file:/out.csv', [{ key: 'A', hash: 'h3' }]);
    expect(await store.lastDelivered('file:/out.csv', ['A', 'B', 'C'])).toEqual(new Map([['A', 'h3'], ['B', 'h2']]));
    expect(await store.lastDelivered('file:/other.csv', ['A'])).toEqual(new Map());
    await store.close();
  });

  it('finds watched files only by completed content', async () => {
    const store = new SqliteRunStore(path);
    const failed = await newRun(store);
    const completed = await newRun(store);
    const file = { flowId: 'test-flow', nodeId: 'inbox', fileName: 'po.edi', size: 120, movedTo: null };
    await store.recordWatchedFile({ ...file, sha256: 'aaa', outcome: 'FAILED', runId: failed.id });
    expect(await store.findCompletedWatchedFile('test-flow', 'aaa')).toBeUndefined();
    const id = await store.recordWatchedFile({ ...file, sha256: 'aaa', outcome: 'COMPLETED_WITH_ERRORS', runId: completed.id });
    await store.setWatchedFileLocation(id, '/inbox/done/po.edi');
    await store.recordWatchedFile({ ...file, sha256: 'aaa', outcome: 'SKIPPED', runId: completed.id, fileName: 'po-copy.edi' });
    expect(await store.findCompletedWatchedFile('test-flow', 'aaa')).toMatchObject({
      flowId: 'test-flow',
      nodeId: 'inbox',
      fileName: 'po.edi',
      outcome: 'COMPLETED_WITH_ERRORS',
      runId: completed.id,
      movedTo: '/inbox/done/po.edi',
    });
    expect(await store.findCompletedWatchedFile('other-flow', 'aaa')).toBeUndefined();
    expect(await store.findCompletedWatchedFile('test-flow', 'bbb')).toBeUndefined();
    await store.close();
  });

  it('lets a second connection read while the first writes', async () => {
    const writer = new SqliteRunStore(path);
    const reader = new SqliteRunStore(path);
    const run = await newRun(writer);
    expect((await reader.getRun(run.id))?.status).toBe('RUNNING');
    await writer.close();
    await reader.close();
  });
});
