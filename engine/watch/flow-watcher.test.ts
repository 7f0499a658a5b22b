import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeRegistry } from '../../nodes/index.js';
import { fileWatchSettings } from '../../nodes/trigger-file-watch/watched-folder.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { FlowWatcher, type WatchedFileEvent } from './flow-watcher.js';

let folder: string;
let inbox: string;
let historyPath: string;
const registry = createNodeRegistry();

const flow = buildFlow(
  [
    ['inbox', 'trigger.file-watch', { folder: 'inbox', pattern: '*.csv', parameter: 'input', settleTime: 0 }],
    ['read', 'csv.read', { path: { $param: 'input' }, keyColumn: 'sku' }],
    ['write', 'json.write', { path: 'out/items.jsonl' }],
  ],
  ['read.out -> write'],
  { parameters: { input: { type: 'path' } } },
);

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-watch-'));
  inbox = join(folder, 'inbox');
  mkdirSync(inbox);
  historyPath = join(folder, 'history.db');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function drop(name: string, content: string): string {
  const path = join(inbox, name);
  writeFileSync(path, content);
  return path;
}

/** Starts a watcher on a fresh connection to the history file, as a new process would. */
function startWatcher(store: SqliteRunStore, events: WatchedFileEvent[] = []): FlowWatcher {
  return new FlowWatcher({
    flow,
    registry,
    store,
    flowDir: folder,
    flowPath: join(folder, 'test.flow.json'),
    folders: [fileWatchSettings('inbox', { folder: 'inbox', pattern: '*.csv', parameter: 'input', settleTime: 0 }, (path) => join(folder, path))],
    onFile: (event) => events.push(event),
  });
}

async function takePending(): Promise<WatchedFileEvent[]> {
  const store = new SqliteRunStore(historyPath);
  try {
    return await startWatcher(store).processPending(new AbortController().signal);
  } finally {
    await store.close();
  }
}

describe('FlowWatcher', () => {
  it('runs a new file once and moves it to done', async () => {
    const path = drop('items.csv', 'sku,name\nA-1,Drill\n');
    const events = await takePending();
    expect(events).toEqual([
      { nodeId: 'inbox', file: path, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), outcome: 'COMPLETED', runId: 1, error: null, deadLetters: 0, movedTo: join(inbox, 'done', 'items.csv') },
    ]);
    expect(readdirSync(inbox)).toEqual(['done']);
    expect(readFileSync(join(folder, 'out', 'items.jsonl'), 'utf8')).toBe('{"sku":"A-1","name":"Drill"}\n');
    const store = new SqliteRunStore(historyPath);
    expect((await store.getRun(1))?.params).toEqual({ input: path });
    await store.close();
  });

  it('skips the same content and leaves a note in done', async () => {
    drop('monday.csv', 'sku,name\nA-1,Drill\n');
    await takePending();
    const copy = drop('tuesday.csv', 'sku,name\nA-1,Drill\n');
    const events = await takePending();
    expect(events).toMatchObject([{ file: copy, outcome: 'SKIPPED', runId: 1, movedTo: join(inbox, 'done', 'tuesday.csv'), duplicateOf: { fileName: 'monday.csv', runId: 1 } }]);
    const note = readFileSync(join(inbox, 'done', 'tuesday.csv.note.txt'), 'utf8');
    expect(note).toContain(`tuesday.csv was not run: its content (SHA-256 ${events[0]!.sha256}) was taken before`);
    expect(note).toContain('as monday.csv by run 1 (COMPLETED) on ');
    expect(note).toContain('now at inbox/done/monday.csv.');
    const store = new SqliteRunStore(historyPath);
    expect(await store.listRuns()).toHaveLength(1);
    await store.close();
  });

  it('moves a file whose run fails to failed', async () => {
    const path = drop('empty.csv', '');
    const events = await takePending();
    expect(events).toEqual([
      {
        nodeId: 'inbox',
        file: path,
        sha256: expect.any(String),
        outcome: 'FAILED',
        runId: 1,
        error: "node 'read': empty.csv is empty; expected a header line",
        deadLetters: 0,
        movedTo: join(inbox, 'failed', 'empty.csv'),
      },
    ]);
  });

  it('runs content again after its earlier run failed', async () => {
    drop('items.csv', 'sku,name\n,Drill\n');
    writeFileSync(join(folder, 'out'), 'a file where the output folder should be');
    expect((await takePending()).map((event) => event.outcome)).toEqual(['FAILED']);
    rmSync(join(folder, 'out'));
    drop('items.csv', 'sku,name\n,Drill\n');
    expect((await takePending()).map((event) => [event.outcome, event.movedTo])).toEqual([['COMPLETED_WITH_ERRORS', join(inbox, 'done', 'items.csv')]]);
  });

  it('remembers content across a restart', async () => {
    drop('items.csv', 'sku,name\nA-1,Drill\n');
    expect((await takePending()).map((event) => event.outcome)).toEqual(['COMPLETED']);
    drop('items.csv', 'sku,name\nA-1,Drill\n');
    expect((await takePending()).map((event) => [event.outcome, event.movedTo])).toEqual([['SKIPPED', join(inbox, 'done', 'items-2.csv')]]);
  });

  it('leaves other names and subfolders alone', async () => {
    drop('notes.txt', 'not for this flow');
    mkdirSync(join(inbox, 'archive.csv'));
    expect(await takePending()).toEqual([]);
    expect(readdirSync(inbox).sort()).toEqual(['archive.csv', 'notes.txt']);
  });

  it('takes files in name order', async () => {
    drop('b.csv', 'sku\nB\n');
    drop('a.csv', 'sku\nA\n');
    expect((await takePending()).map((event) => [event.runId, event.file])).toEqual([
      [1, join(inbox, 'a.csv')],
      [2, join(inbox, 'b.csv')],
    ]);
  });

  it('polls until stopped', async () => {
    const store = new SqliteRunStore(historyPath);
    const stop = new AbortController();
    const events: WatchedFileEvent[] = [];
    const watcher = new FlowWatcher({
      flow,
      registry,
      store,
      flowDir: folder,
      flowPath: join(folder, 'test.flow.json'),
      folders: [fileWatchSettings('inbox', { folder: 'inbox', pattern: '*.csv', parameter: 'input', settleTime: 0, pollInterval: 10 }, (path) => join(folder, path))],
      onFile: (event) => {
        events.push(event);
        stop.abort();
      },
    });
    const watching = watcher.watch(stop.signal);
    drop('late.csv', 'sku\nL\n');
    await watching;
    expect(events.map((event) => event.outcome)).toEqual(['COMPLETED']);
    expect(existsSync(join(inbox, 'done', 'late.csv'))).toBe(true);
    await store.close();
  });
});
