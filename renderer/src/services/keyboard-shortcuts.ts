/**
 * Keyboard shortcuts of the designer: Ctrl (Cmd on macOS) with Z, Y, Shift+Z, S, Shift+S, O, C, X,
 * V, A, and Delete or Backspace. Keys typed into a field or the code editor are left to it.
 */
import type { ShellCommand } from './commands.js';
import { runCommand } from './commands.js';

const EDITABLE = 'input, textarea, select, [contenteditable="true"], .monaco-editor';

/** Returns the command a key press runs, or null. */
export function commandForKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): ShellCommand | null {
  const modifier = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (!modifier) {
    return !event.altKey && (key === 'delete' || key === 'backspace') ? 'edit.delete' : null;
  }
  switch (key) {
    case 'z':
      return event.shiftKey ? 'edit.redo' : 'edit.undo';
    case 'y':
      return 'edit.redo';
    case 's':
      return event.shiftKey ? 'file.saveAs' : 'file.save';
    case 'o':
      return 'file.open';
    case 'c':
      return 'edit.copy';
    case 'x':
      return 'edit.cut';
    case 'v':
      return 'edit.paste';
    case 'a':
      return 'edit.selectAll';
    case 'enter':
      return 'run.start';
    default:
      return null;
  }
}

/** Listens for shortcuts on the whole page; returns the function that stops listening. */
export function startKeyboardShortcuts(): () => void {
  const onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target as Element | null;
    const inEditable = target?.closest?.(EDITABLE) != null;
    const command = commandForKey(event);
    if (command === null) {
      return;
    }
    // Save, open and run work everywhere; the other shortcuts belong to the field that has focus.
    const global = command === 'file.save' || command === 'file.saveAs' || command === 'file.open' || command === 'run.start';
    if (inEditable && !global) {
      return;
    }
    event.preventDefault();
    runCommand(command);
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}
