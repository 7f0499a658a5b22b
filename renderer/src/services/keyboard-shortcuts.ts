/**
 * Keyboard shortcuts of the designer: Ctrl (Cmd on macOS) with Z, Y, Shift+Z, S, Shift+S, O, C, X,
 * V, A, and Delete or Backspace. Keys typed into a field or the code editor are left to it, and
 * the keys that change the canvas selection act only where the canvas has focus.
 */
import type { ShellCommand } from './commands.js';
import { runCommand } from './commands.js';

const EDITABLE = 'input, textarea, select, [contenteditable="true"], .monaco-editor';
const CANVAS = '.react-flow';

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

/** Commands that act on the canvas selection. */
const CANVAS_COMMANDS: ReadonlySet<ShellCommand> = new Set(['edit.delete', 'edit.copy', 'edit.cut', 'edit.paste', 'edit.selectAll']);

/** The place of a key press, as far as the shortcuts need it. */
export interface KeyPlace {
  /** The focused element is a field or the code editor. */
  inEditable: boolean;
  /** The focused element is inside the canvas. */
  inCanvas: boolean;
  /** Nothing has focus (the page body), as after clicking plain text or after a field closes. */
  onBody: boolean;
  /** The last mouse or touch press was on the canvas. */
  lastPressInCanvas: boolean;
}

/**
 * Tells whether a shortcut applies where the key was pressed. Save, open and run work everywhere.
 * Other shortcuts belong to the field that has focus. Canvas commands such as Delete act only when
 * the canvas has focus, or nothing has and the last press was on the canvas, so a Backspace after
 * clicking the inspector's text never deletes the selected node.
 */
export function shortcutApplies(command: ShellCommand, place: KeyPlace): boolean {
  if (command === 'file.save' || command === 'file.saveAs' || command === 'file.open' || command === 'run.start') {
    return true;
  }
  if (place.inEditable) {
    return false;
  }
  if (CANVAS_COMMANDS.has(command)) {
    return place.inCanvas || (place.onBody && place.lastPressInCanvas);
  }
  return true;
}

/** Listens for shortcuts on the whole page; returns the function that stops listening. */
export function startKeyboardShortcuts(): () => void {
  let lastPressInCanvas = false;
  const onPointerDown = (event: PointerEvent): void => {
    lastPressInCanvas = (event.target as Element | null)?.closest?.(CANVAS) != null;
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const command = commandForKey(event);
    if (command === null) {
      return;
    }
    const target = event.target as Element | null;
    const place: KeyPlace = {
      inEditable: target?.closest?.(EDITABLE) != null,
      inCanvas: target?.closest?.(CANVAS) != null,
      onBody: target === document.body || target === document.documentElement,
      lastPressInCanvas,
    };
    if (!shortcutApplies(command, place)) {
      return;
    }
    event.preventDefault();
    runCommand(command);
  };
  window.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('keydown', onKeyDown);
  return () => {
    window.removeEventListener('pointerdown', onPointerDown, true);
    window.removeEventListener('keydown', onKeyDown);
  };
}
