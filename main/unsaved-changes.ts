/**
 * Asks before a window with unsaved changes closes: Save, Don't Save or Cancel. Saving is the
 * renderer's work, so Save sends it the save command and closes once the renderer reports the
 * document clean. If the save fails or the user cancels its dialog, the window stays open.
 */
import type { BrowserWindow, Dialog, Event } from 'electron';
import type { DocumentState, ShellCommand } from '../engine/api/desktop-bridge.api.js';

/** How long to wait for the renderer to report a save, in milliseconds, before giving up on closing. */
export const SAVE_BEFORE_CLOSE_TIMEOUT_MS = 60_000;

export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const;

export class UnsavedChangesGuard {
  private state: DocumentState = { title: 'Flowmason', path: null, dirty: false };
  private allowClose = false;
  private waitingForSave: ((state: DocumentState) => void) | null = null;

  constructor(
    private readonly window: Pick<BrowserWindow, 'close' | 'on'>,
    private readonly dialog: Pick<Dialog, 'showMessageBox'>,
    private readonly sendCommand: (command: ShellCommand) => void,
  ) {
    window.on('close', (event) => this.onClose(event));
  }

  /** Records the renderer's latest state, and finishes a pending save-then-close. */
  update(state: DocumentState): void {
    this.state = state;
    if (!state.dirty && this.waitingForSave !== null) {
      this.waitingForSave(state);
    }
  }

  get dirty(): boolean {
    return this.state.dirty;
  }

  private onClose(event: Pick<Event, 'preventDefault'>): void {
    if (this.allowClose || !this.state.dirty) {
      return;
    }
    event.preventDefault();
    void this.ask();
  }

  private async ask(): Promise<void> {
    const name = this.state.path ?? 'This flow';
    const { response } = await this.dialog.showMessageBox(this.window as BrowserWindow, {
      type: 'warning',
      buttons: [...CLOSE_BUTTONS],
      defaultId: 0,
      cancelId: 2,
      message: `${name} has unsaved changes.`,
      detail: 'Save them before closing? Changes you do not save are lost.',
    });
    if (response === 1) {
      this.closeNow();
    } else if (response === 0 && (await this.saveFirst())) {
      this.closeNow();
    }
  }

  private saveFirst(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waitingForSave = null;
        resolve(false);
      }, SAVE_BEFORE_CLOSE_TIMEOUT_MS);
      this.waitingForSave = () => {
        clearTimeout(timer);
        this.waitingForSave = null;
        resolve(true);
      };
      this.sendCommand('file.save');
    });
  }

  private closeNow(): void {
    this.allowClose = true;
    this.window.close();
  }
}
