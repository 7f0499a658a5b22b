/**
 * The application menu as data. Each item either sends a designer command to the renderer (the
 * same commands its shortcuts run) or uses one of Electron's roles for clipboard text fields.
 */
import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../engine/api/desktop-bridge.api.js';

export interface MenuActions {
  /** Sends a command to the renderer; `argument` carries the path for Open Recent. */
  command(command: ShellCommand, argument?: string): void;
  clearRecent(): void;
  toggleDevTools(): void;
  showAbout(): void;
}

export interface MenuOptions {
  recentFiles: readonly string[];
  /** `darwin` adds the application menu macOS expects. */
  platform: NodeJS.Platform;
  appName: string;
}

function command(label: string, accelerator: string | undefined, run: () => void): MenuItemConstructorOptions {
  return { label, ...(accelerator === undefined ? {} : { accelerator }), click: run };
}

export function buildMenuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const recent: MenuItemConstructorOptions[] =
    options.recentFiles.length === 0
      ? [{ label: 'No recent flows', enabled: false }]
      : [
          ...options.recentFiles.map((path) => ({ label: basename(path), sublabel: path, click: () => actions.command('file.open', path) })),
          { type: 'separator' as const },
          { label: 'Clear Recent', click: () => actions.clearRecent() },
        ];

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        command('New', 'CmdOrCtrl+N', () => actions.command('file.new')),
        command('Open…', 'CmdOrCtrl+O', () => actions.command('file.open')),
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        command('Save', 'CmdOrCtrl+S', () => actions.command('file.save')),
        command('Save As…', 'CmdOrCtrl+Shift+S', () => actions.command('file.saveAs')),
        command('Export…', 'CmdOrCtrl+E', () => actions.command('file.export')),
        { type: 'separator' },
        options.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      // Undo, Redo and Select All go to the designer, which applies them to the focused text field or,
      // outside one, to the flow. Cut, Copy and Paste use the system roles: the designer handles the
      // clipboard events they raise when nodes, not text, are selected.
      submenu: [
        command('Undo', 'CmdOrCtrl+Z', () => actions.command('edit.undo')),
        command('Redo', options.platform === 'darwin' ? 'Cmd+Shift+Z' : 'Ctrl+Y', () => actions.command('edit.redo')),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        command('Select All', 'CmdOrCtrl+A', () => actions.command('edit.selectAll')),
      ],
    },
    {
      label: 'Run',
      submenu: [command('Run Flow', 'CmdOrCtrl+Enter', () => actions.command('run.start')), command('Cancel Run', undefined, () => actions.command('run.cancel'))],
    },
    {
      label: 'View',
      submenu: [
        command('Designer', 'CmdOrCtrl+1', () => actions.command('view.designer')),
        command('Runs', 'CmdOrCtrl+2', () => actions.command('view.runs')),
        command('Approvals', 'CmdOrCtrl+3', () => actions.command('view.approvals')),
        command('Fit Flow', 'CmdOrCtrl+0', () => actions.command('view.fit')),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
        command('Developer Tools', options.platform === 'darwin' ? 'Alt+Cmd+I' : 'Ctrl+Shift+I', () => actions.toggleDevTools()),
      ],
    },
    { label: 'Help', submenu: [command(`About ${options.appName}`, undefined, () => actions.showAbout())] },
  ];
  if (options.platform === 'darwin') {
    template.unshift({ label: options.appName, submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { role: 'quit' }] });
  }
  return template;
}
