import { EventEmitter } from 'node:events';
import type { BrowserWindow, Dialog } from 'electron';
import { describe, expect, it } from 'vitest';
import type { ShellCommand } from '../engine/api/desktop-bridge.api.js';
import { UnsavedChangesGuard } from './unsaved-changes.js';

class FakeWindow extends EventEmitter {
  closed = 0;
  close(): void {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    this.emit('close', event);
    if (!event.prevented) {
      this.closed++;
    }
  }
}

function setup(response: number) {
  const window = new FakeWindow();
  const commands: ShellCommand[] = [];
  const prompts: string[] = [];
  const dialog = {
    showMessageBox: async (_window: unknown, options: { message: string; buttons: string[] }) => {
      prompts.push(`${options.message} [${options.buttons.join('|')}]`);
      return { response, checkboxChecked: false };
    },
  };
  const guard = new UnsavedChangesGuard(window as unknown as BrowserWindow, dialog as unknown as Dialog, (command) => commands.push(command));
  return { window, guard, commands, prompts };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('unsaved changes prompt', () => {
  it('closes at once without changes', () => {
    const { window, prompts } = setup(2);
    window.close();
    expect(window.closed).toBe(1);
    expect(prompts).toEqual([]);
  });

  it('keeps the window open on Cancel', async () => {
    const { window, guard, prompts } = setup(2);
    guard.update({ title: 't', path: '/flows/a.flow.json', dirty: true });
    window.close();
    await settle();
    expect(prompts).toEqual(["/flows/a.flow.json has unsaved changes. [Save|Don't Save|Cancel]"]);
    expect(window.closed).toBe(0);
  });

  it("closes without saving on Don't Save", async () => {
    const { window, guard, commands } = setup(1);
    guard.update({ title: 't', path: null, dirty: true });
    window.close();
    await settle();
    expect(window.closed).toBe(1);
    expect(commands).toEqual([]);
  });

  it('saves first, then closes when the document is clean', async () => {
    const { window, guard, commands } = setup(0);
    guard.update({ title: 't', path: '/flows/a.flow.json', dirty: true });
    window.close();
    await settle();
    expect(commands).toEqual(['file.save']);
    expect(window.closed).toBe(0);
    guard.update({ title: 't', path: '/flows/a.flow.json', dirty: false });
    await settle();
    expect(window.closed).toBe(1);
  });
});
