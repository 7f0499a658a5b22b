import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../engine/api/desktop-bridge.api.js';
import { buildMenuTemplate } from './menu.js';

function setup(recentFiles: string[] = [], platform: NodeJS.Platform = 'linux') {
  const sent: [ShellCommand, string | undefined][] = [];
  let cleared = 0;
  const template = buildMenuTemplate(
    { command: (command, argument) => sent.push([command, argument]), clearRecent: () => cleared++, toggleDevTools: () => undefined, showAbout: () => undefined },
    { recentFiles, platform, appName: 'Flowmason' },
  );
  return { template, sent, cleared: () => cleared };
}

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const item = template.find((entry) => entry.label === label);
  return (item?.submenu ?? []) as MenuItemConstructorOptions[];
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu', () => {
  it('has the menus in order', () => {
    expect(setup().template.map((item) => item.label)).toEqual(['File', 'Edit', 'Run', 'View', 'Help']);
    expect(setup([], 'darwin').template.map((item) => item.label)).toEqual(['Flowmason', 'File', 'Edit', 'Run', 'View', 'Help']);
  });

  it('wires File items to designer commands', () => {
    const { template, sent } = setup();
    const file = submenu(template, 'File');
    expect(file.filter((item) => item.label !== undefined).map((item) => item.label)).toEqual(['New', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Export…']);
    for (const label of ['New', 'Open…', 'Save', 'Save As…', 'Export…']) {
      click(file.find((item) => item.label === label));
    }
    expect(sent.map(([command]) => command)).toEqual(['file.new', 'file.open', 'file.save', 'file.saveAs', 'file.export']);
    expect(file.find((item) => item.label === 'Save')?.accelerator).toBe('CmdOrCtrl+S');
  });

  it('lists recent files and opens them by path', () => {
    const { template, sent, cleared } = setup(['/flows/items.flow.json']);
    const recent = submenu(submenu(template, 'File'), 'Open Recent');
    expect(recent[0]).toMatchObject({ label: 'items.flow.json', sublabel: '/flows/items.flow.json' });
    click(recent[0]);
    expect(sent).toEqual([['file.open', '/flows/items.flow.json']]);
    click(recent.find((item) => item.label === 'Clear Recent'));
    expect(cleared()).toBe(1);
  });

  it('shows an empty recent list as disabled', () => {
    const recent = submenu(submenu(setup().template, 'File'), 'Open Recent');
    expect(recent).toEqual([{ label: 'No recent flows', enabled: false }]);
  });

  it('wires Edit, Run and View', () => {
    const { template, sent } = setup();
    const edit = submenu(template, 'Edit');
    click(edit.find((item) => item.label === 'Undo'));
    click(edit.find((item) => item.label === 'Redo'));
    click(edit.find((item) => item.label === 'Select All'));
    expect(edit.filter((item) => item.role !== undefined).map((item) => item.role)).toEqual(['cut', 'copy', 'paste']);
    click(submenu(template, 'Run').find((item) => item.label === 'Run Flow'));
    click(submenu(template, 'View').find((item) => item.label === 'Runs'));
    expect(sent.map(([command]) => command)).toEqual(['edit.undo', 'edit.redo', 'edit.selectAll', 'run.start', 'view.runs']);
  });
});
