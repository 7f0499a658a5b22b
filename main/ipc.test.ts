import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMain, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../engine/host/engine-host.js';
import { silentLogger } from '../engine/logger.js';
import { SqliteRunStore } from '../engine/store/sqlite-run-store.js';
import { API_METHODS } from '../engine/api/index.js';
import type { DocumentState } from '../engine/api/desktop-bridge.api.js';
import { createDesignerTestRegistry } from '../test/support/designer-node-kinds.js';
import { itemFlow } from '../test/support/sample-flows.js';
import { API_CHANNEL_PREFIX, DOCUMENT_STATE_CHANNEL, PICK_SAVE_CHANNEL, RUN_EVENT_CHANNEL } from './channels.js';
import { FakeIpcMain, FakeWebContents, ipcEvent } from '../test/support/electron-fakes.js';
import { registerIpc } from './ipc.js';

const APP_PAGE = 'app://flowmason/index.html';

let folder: string;
let store: SqliteRunStore;
let host: EngineHost;
let ipcMain: FakeIpcMain;
let contents: FakeWebContents;
let states: DocumentState[];
let remove: () => void;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-ipc-'));
  await mkdir(join(folder, 'flows'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  host = new EngineHost({ workspace: join(folder, 'flows'), registry: createDesignerTestRegistry(), store, logger: silentLogger, allowPathsOutsideWorkspace: true });
  ipcMain = new FakeIpcMain();
  contents = new FakeWebContents();
  states = [];
  remove = registerIpc(
    ipcMain as unknown as IpcMain,
    host,
    { pickFlowToOpen: async () => '/flows/a.flow.json', pickSavePath: async (name) => `/flows/${name}`, documentStateChanged: (state) => states.push(state) },
    () => contents as unknown as WebContents,
  );
});

afterEach(async () => {
  remove();
  await host.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

describe('IPC API channels', () => {
  it('registers one channel per API method', () => {
    for (const method of Object.keys(API_METHODS)) {
      expect(ipcMain.handlers.has(`${API_CHANNEL_PREFIX}${method}`)).toBe(true);
    }
  });

  it('answers a trusted call with the value', async () => {
    const result = (await ipcMain.invoke(`${API_CHANNEL_PREFIX}listNodeKinds`, ipcEvent(contents, APP_PAGE), {})) as { ok: boolean; value: { kinds: unknown[] } };
    expect(result.ok).toBe(true);
    expect(result.value.kinds).toHaveLength(5);
  });

  it('rejects an invalid payload with the field', async () => {
    const result = await ipcMain.invoke(`${API_CHANNEL_PREFIX}getRun`, ipcEvent(contents, APP_PAGE), { runId: 'x' });
    expect(result).toEqual({ ok: false, error: { kind: 'input', message: "invalid getRun request: field 'runId': Expected integer" } });
  });

  it('rejects a call from another web contents', async () => {
    const other = new FakeWebContents();
    const result = await ipcMain.invoke(`${API_CHANNEL_PREFIX}listRuns`, ipcEvent(other, APP_PAGE), {});
    expect(result).toEqual({ ok: false, error: { kind: 'input', message: 'the request did not come from the Flowmason window' } });
  });

  it('rejects a call from a foreign page', async () => {
    const result = (await ipcMain.invoke(`${API_CHANNEL_PREFIX}listRuns`, ipcEvent(contents, 'https://example.com/'), {})) as { ok: boolean };
    expect(result.ok).toBe(false);
  });

  it('rejects a call from a subframe', async () => {
    const result = (await ipcMain.invoke(`${API_CHANNEL_PREFIX}listRuns`, ipcEvent(contents, APP_PAGE, { topFrame: false }), {})) as { ok: boolean };
    expect(result.ok).toBe(false);
  });

  it('forwards run events to the window', async () => {
    const result = (await ipcMain.invoke(`${API_CHANNEL_PREFIX}startRun`, ipcEvent(contents, APP_PAGE), { flow: itemFlow(3) })) as { ok: boolean; value: { runId: number } };
    expect(result.ok).toBe(true);
    await expect.poll(() => contents.sent.some((message) => (message.payload as { type: string }).type === 'run.finished')).toBe(true);
    expect(contents.sent.every((message) => message.channel === RUN_EVENT_CHANNEL)).toBe(true);
  });
});

describe('IPC desktop channels', () => {
  it('checks the save dialog request', async () => {
    await expect(ipcMain.invoke(PICK_SAVE_CHANNEL, ipcEvent(contents, APP_PAGE), { suggestedName: 'a.flow.json' })).resolves.toEqual({ ok: true, value: '/flows/a.flow.json' });
    await expect(ipcMain.invoke(PICK_SAVE_CHANNEL, ipcEvent(contents, APP_PAGE), { suggestedName: 7 })).resolves.toEqual({
      ok: false,
      error: { kind: 'input', message: 'invalid pick-save request: expected { suggestedName: string }' },
    });
  });

  it('accepts only well-formed document states from the window', () => {
    const state = { title: 'Item sync', path: '/flows/a.flow.json', dirty: true };
    ipcMain.emit(DOCUMENT_STATE_CHANNEL, ipcEvent(contents, APP_PAGE), state);
    ipcMain.emit(DOCUMENT_STATE_CHANNEL, ipcEvent(contents, APP_PAGE), { title: 'x', dirty: 'yes' });
    ipcMain.emit(DOCUMENT_STATE_CHANNEL, ipcEvent(new FakeWebContents(), APP_PAGE), state);
    expect(states).toEqual([state]);
  });

  it('removes its handlers', () => {
    remove();
    expect(ipcMain.handlers.size).toBe(0);
    remove = () => undefined;
  });
});
