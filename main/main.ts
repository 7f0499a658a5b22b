/**
 * The Electron main process: opens the run history, starts the engine host in this process,
 * serves the renderer on app://flowmason, wires the API over IPC, the menu, dialogs, recent files
 * and the unsaved-changes prompt. Everything else lives in engine/ and renderer/.
 */
import { app, type BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeRegistry } from '../nodes/index.js';
import { previewSourceNode } from '../nodes/file-preview/preview-node.js';
import { EngineHost } from '../engine/host/engine-host.js';
import { createLogger } from '../engine/logger.js';
import { SqliteRunStore } from '../engine/store/sqlite-run-store.js';
import { recoverPendingEffects } from '../engine/runtime/effect-recovery.js';
import type { ShellCommand } from '../engine/api/desktop-bridge.api.js';
import { COMMAND_CHANNEL } from './channels.js';
import { registerIpc } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { RecentFiles } from './recent-files.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, denyPermissions, registerAppProtocol } from './security.js';
import { UnsavedChangesGuard } from './unsaved-changes.js';
import { createMainWindow } from './window.js';

const mainDir = dirname(fileURLToPath(import.meta.url));
/** dist/main/main.js sits beside dist/renderer and dist/main/preload.cjs. */
const RENDERER_DIR = join(mainDir, '..', 'renderer');
const PRELOAD_PATH = join(mainDir, 'preload.cjs');
const FLOW_FILTERS = [{ name: 'Flowmason flows', extensions: ['flow.json'] }];

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

async function start(): Promise<void> {
  await app.whenReady();
  const logger = createLogger();
  const store = new SqliteRunStore(join(app.getPath('userData'), 'history.db'));
  await store.markInterruptedRuns();
  // Sink effects the dead runs left pending are settled before any new run compares against the ledger.
  await recoverPendingEffects(store, logger);
  const workspace = app.getPath('documents');
  const host = new EngineHost({
    workspace,
    registry: createNodeRegistry(),
    store,
    logger,
    allowPathsOutsideWorkspace: true,
    sourcePreviewer: previewSourceNode,
  });
  const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'));
  await recent.load();

  registerAppProtocol(protocol, RENDERER_DIR);
  denyPermissions(session.defaultSession);

  let window: BrowserWindow | null = createMainWindow(PRELOAD_PATH);
  const sendCommand = (command: ShellCommand, argument?: string): void => {
    window?.webContents.send(COMMAND_CHANNEL, { command, argument: argument ?? null });
  };
  const guard = new UnsavedChangesGuard(window, dialog, sendCommand);

  const refreshMenu = (): void => {
    const template = buildMenuTemplate(
      {
        command: sendCommand,
        clearRecent: () => void recent.clear().then(refreshMenu),
        toggleDevTools: () => window?.webContents.toggleDevTools(),
        showAbout: () => void dialog.showMessageBox({ type: 'info', message: `Flowmason ${app.getVersion()}`, detail: 'Flow-based integration for distributors.' }),
      },
      { recentFiles: recent.list(), platform: process.platform, appName: app.getName() },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  refreshMenu();

  const removeIpc = registerIpc(
    ipcMain,
    host,
    {
      async pickFlowToOpen() {
        const options = { properties: ['openFile' as const], filters: FLOW_FILTERS };
        const result = window === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async pickSavePath(suggestedName) {
        const options = { defaultPath: join(workspace, suggestedName), filters: FLOW_FILTERS };
        const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
        return result.canceled || result.filePath === undefined ? null : result.filePath;
      },
      documentStateChanged(state) {
        guard.update(state);
        window?.setTitle(state.title);
        window?.setDocumentEdited(state.dirty);
        // The host reports files inside the workspace relative to it; recent files are absolute.
        const path = state.path === null ? null : resolve(workspace, state.path);
        if (path !== null && recent.list()[0] !== path) {
          void recent.add(path).then(refreshMenu);
        }
      },
    },
    () => window?.webContents ?? null,
  );

  window.on('closed', () => {
    window = null;
  });
  app.on('window-all-closed', () => {
    removeIpc();
    void host
      .close()
      .then(() => store.close())
      .finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  dialog.showErrorBox('Flowmason could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
  app.exit(1);
});
