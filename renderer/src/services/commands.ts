/**
 * The designer's commands, run by the keyboard shortcuts, the toolbar and the desktop app's menu.
 * One table, so the three always do the same thing.
 */
import type { ShellCommand } from '../../../engine/api/desktop-bridge.api.js';
import { desktop } from '../api/api.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useSelectionStore } from '../stores/selection-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { loadApprovals } from './approvals-service.js';
import { copySelection, cutSelection, deleteSelection, isEditableFocused, paste, selectAll } from './edit-service.js';
import { chooseFlowToOpen, exportFlow, newFlow, openFlow, saveFlow, saveFlowAs } from './file-service.js';
import { cancelRun, startRun } from './run-service.js';
import { loadRuns } from './runs-service.js';

export type { ShellCommand };

const HANDLERS: Record<ShellCommand, (argument: string | null) => void | Promise<unknown>> = {
  'file.new': () => newFlow(),
  'file.open': (path) => (path === null ? chooseFlowToOpen() : openFlow(path)),
  'file.save': () => saveFlow(),
  'file.saveAs': () => saveFlowAs(),
  'file.export': () => exportFlow(),
  'edit.undo': () => useDocumentStore.getState().undo(),
  'edit.redo': () => useDocumentStore.getState().redo(),
  'edit.cut': () => cutSelection(),
  'edit.copy': () => {
    copySelection();
  },
  'edit.paste': () => paste(),
  'edit.selectAll': () => selectAll(),
  'edit.delete': () => deleteSelection(),
  'run.start': () => {
    useShellStore.getState().setView('designer');
    return startRun();
  },
  'run.cancel': () => cancelRun(),
  'view.designer': () => useShellStore.getState().setView('designer'),
  'view.runs': () => {
    useShellStore.getState().setView('runs');
    return loadRuns();
  },
  'view.approvals': () => {
    useShellStore.getState().setView('approvals');
    return loadApprovals();
  },
  'view.fit': () => useSelectionStore.getState().requestFit(),
};

export function runCommand(command: ShellCommand, argument: string | null = null): void {
  void HANDLERS[command](argument);
}

/** Edit commands that a focused text field or code editor carries out itself, with the browser's command for each. */
const FIELD_COMMANDS: Partial<Record<ShellCommand, string>> = {
  'edit.undo': 'undo',
  'edit.redo': 'redo',
  'edit.selectAll': 'selectAll',
};

/** Runs the desktop menu's commands; does nothing in web mode. */
export function startMenuCommands(): () => void {
  return (
    desktop()?.onCommand((command, argument) => {
      const fieldCommand = FIELD_COMMANDS[command];
      if (fieldCommand !== undefined && isEditableFocused()) {
        // NOTE: execCommand is deprecated but is still the way to reach a field's own undo stack.
        document.execCommand(fieldCommand);
        return;
      }
      runCommand(command, argument);
    }) ?? (() => undefined)
  );
}
