/**
 * Wiring of the main process with Electron replaced by fakes: the window's hardening, the app
 * protocol, the menu, the IPC channels, permissions and the close prompt, as main.ts sets them up.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../engine/api/index.js';
import { API_CHANNEL_PREFIX, COMMAND_CHANNEL, DOCUMENT_STATE_CHANNEL, PICK_OPEN_CHANNEL, PICK_SAVE_CHANNEL } from './channels.js';
import { ipcEvent } from '../test/support/electron-fakes.js';

const fake = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { EventEmitter } = await import('node:events');
  const { FakeIpcMain, FakeWebContents } = await import('../test/support/electron-fakes.js');
  const folder = mkdtempSync(path.join(tmpdir(), 'flowmason-main-'));
  const state = {
    folder,
    windows: [] as FakeBrowserWindow[],
    menus: [] as { label?: string; submenu?: unknown }[][],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
    permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    messageBoxes: [] as { message: string }[],
    appHandlers: new Map<string, () => void>(),
    ipcMain: new FakeIpcMain(),
  };
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    url = '';
    title = '';
    edited = false;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      state.windows.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.url = url;
      return Promise.resolve();
    }
    show(): void {}
    close(): void {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      this.emit('close', event);
    }
    setTitle(title: string): void {
      this.title = title;
    }
    setDocumentEdited(edited: boolean): void {
      this.edited = edited;
    }
  }
  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => path.join(folder, name),
      getVersion: () => '0.1.0',
      getName: () => 'Flowmason',
      on: (name: string, handler: () => void) => state.appHandlers.set(name, handler),
      quit: () => undefined,
      exit: () => undefined,
    },
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: (template: { label?: string }[]) => template,
      setApplicationMenu: (menu: { label?: string }[]) => state.menus.push(menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) => state.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof state.permissionRequest) => (state.permissionRequest = handler),
        setPermissionCheckHandler: () => undefined,
      },
    },
    ipcMain: state.ipcMain,
    dialog: {
      showMessageBox: async (_window: unknown, options: { message: string }) => {
        state.messageBoxes.push(options);
        return { response: 2 };
      },
      showOpenDialog: async () => ({ canceled: false, filePaths: [path.join(folder, 'a.flow.json')] }),
      showSaveDialog: async () => ({ canceled: true }),
      showErrorBox: (title: string, content: string) => {
        throw new Error(`${title}: ${content}`);
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

const APP_PAGE = 'app://flowmason/index.html';

beforeAll(async () => {
  await import('./main.js');
  for (let attempt = 0; attempt < 100 && fake.state.menus.length === 0; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});

afterAll(async () => {
  fake.state.appHandlers.get('window-all-closed')?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  await rm(fake.state.folder, { recursive: true, force: true });
});

function mainWindow() {
  const window = fake.state.windows[0];
  if (window === undefined) {
    throw new Error('no window was created');
  }
  return window;
}

describe('main process wiring', () => {
  it('opens one hardened window on the app page', () => {
    expect(fake.state.windows).toHaveLength(1);
    const preferences = mainWindow().options.webPreferences;
    expect(preferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String(preferences.preload)).toMatch(/preload\.cjs$/);
    expect(mainWindow().url).toBe(APP_PAGE);
  });

  it('serves the renderer on a privileged app scheme', () => {
    expect(fake.state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake.state.protocolHandlers.has('app')).toBe(true);
  });

  it('denies permission requests', () => {
    const answers: boolean[] = [];
    fake.state.permissionRequest?.({}, 'geolocation', (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
  });

  it('denies navigation away and new windows', () => {
    let prevented = false;
    mainWindow().webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://example.com/');
    expect(prevented).toBe(true);
    expect(mainWindow().webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('sets the application menu and sends its commands to the window', () => {
    const menu = fake.state.menus.at(-1) ?? [];
    expect(menu.map((item) => item.label)).toContain('File');
    const file = (menu.find((item) => item.label === 'File')?.submenu ?? []) as { label?: string; click?: () => void }[];
    file.find((item) => item.label === 'Save')?.click?.();
    expect(mainWindow().webContents.sent.at(-1)).toEqual({ channel: COMMAND_CHANNEL, payload: { command: 'file.save', argument: null } });
  });

  it('registers the API and desktop channels', async () => {
    for (const method of Object.keys(API_METHODS)) {
      expect(fake.state.ipcMain.handlers.has(`${API_CHANNEL_PREFIX}${method}`)).toBe(true);
    }
    expect(fake.state.ipcMain.handlers.has(PICK_SAVE_CHANNEL)).toBe(true);
    const kinds = (await fake.state.ipcMain.invoke(`${API_CHANNEL_PREFIX}listNodeKinds`, ipcEvent(mainWindow().webContents, APP_PAGE), {})) as { ok: boolean };
    expect(kinds.ok).toBe(true);
    const opened = await fake.state.ipcMain.invoke(PICK_OPEN_CHANNEL, ipcEvent(mainWindow().webContents, APP_PAGE));
    expect(opened).toEqual({ ok: true, value: `${fake.state.folder}/a.flow.json` });
  });

  it('adds the open file to Open Recent', async () => {
    fake.state.ipcMain.emit(DOCUMENT_STATE_CHANNEL, ipcEvent(mainWindow().webContents, APP_PAGE), { title: 'Item sync — Flowmason', path: 'items/a.flow.json', dirty: false });
    const recentLabels = () => {
      const file = (fake.state.menus.at(-1)?.find((item) => item.label === 'File')?.submenu ?? []) as { label?: string; submenu?: { sublabel?: string }[] }[];
      return (file.find((item) => item.label === 'Open Recent')?.submenu ?? []).map((item) => item.sublabel);
    };
    await expect.poll(recentLabels).toContain(`${fake.state.folder}/documents/items/a.flow.json`);
  });

  it('asks before closing a window with unsaved changes', async () => {
    fake.state.ipcMain.emit(DOCUMENT_STATE_CHANNEL, ipcEvent(mainWindow().webContents, APP_PAGE), { title: '● Item sync — Flowmason', path: null, dirty: true });
    expect(mainWindow().title).toBe('● Item sync — Flowmason');
    expect(mainWindow().edited).toBe(true);
    mainWindow().close();
    await expect.poll(() => fake.state.messageBoxes.length).toBe(1);
    expect(fake.state.messageBoxes[0]?.message).toBe('This flow has unsaved changes.');
  });
});
