/**
 * New, open, save, save as and export. The desktop app picks paths with the system's dialogs;
 * web mode with the designer's own dialogs over the workspace folder.
 */
import type { FlowDocument } from '../../../engine/api/index.js';
import { api, describeError, desktop } from '../api/api.js';
import { emptyFlow } from '../document/flow-edits.js';
import { selectDirty, selectFlowKey, useDocumentStore } from '../stores/document-store.js';
import { useRunParametersStore } from '../stores/run-parameters-store.js';
import { useConfigDraftsStore } from '../stores/config-drafts-store.js';
import { useRunInspectorStore } from '../stores/run-inspector-store.js';
import { useSelectionStore } from '../stores/selection-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { resumeActiveRun } from './run-service.js';

const FLOW_SUFFIX = '.flow.json';

function suggestedFileName(flow: FlowDocument): string {
  return `${flow.id}${FLOW_SUFFIX}`;
}

/** Asks what to do with unsaved changes before `action`; resolves true when the action may go on. */
export async function confirmDiscard(action: string): Promise<boolean> {
  if (!selectDirty(useDocumentStore.getState())) {
    return true;
  }
  const choice = await new Promise<'save' | 'discard' | 'cancel'>((resolve) => {
    useShellStore.getState().openDialog({ kind: 'confirm-discard', action, resolve });
  });
  useShellStore.getState().closeDialog();
  if (choice === 'save') {
    return saveFlow();
  }
  return choice === 'discard';
}

function loadDocument(flow: FlowDocument, path: string | null): void {
  useDocumentStore.getState().load(flow, path);
  useConfigDraftsStore.getState().clearAll();
  useSelectionStore.getState().clear();
  useRunInspectorStore.getState().reset();
}

export async function newFlow(): Promise<void> {
  if (await confirmDiscard('create a new flow')) {
    loadDocument(emptyFlow(), null);
  }
}

/** Shows the open dialog: the system's on the desktop, the workspace list in web mode. */
export async function chooseFlowToOpen(): Promise<void> {
  const bridge = desktop();
  if (bridge !== undefined) {
    const path = await bridge.pickFlowToOpen();
    if (path !== null) {
      await openFlow(path);
    }
    return;
  }
  const shell = useShellStore.getState();
  shell.openDialog({ kind: 'open', flows: null, workspace: null, error: null });
  try {
    const { flows, workspace } = await api().listFlows({});
    shell.openDialog({ kind: 'open', flows, workspace, error: null });
  } catch (error) {
    shell.openDialog({ kind: 'open', flows: [], workspace: null, error: describeError(error) });
  }
}

/**
 * Opens a flow file. A file that cannot be read as a flow leaves the open document as it is, and
 * a dialog shows the file's problems and text. A flow with problems opens and lists them in Problems.
 * A run of the file that the host is still running shows in the run panel, as after a reload.
 */
export async function openFlow(path: string): Promise<void> {
  if (!(await confirmDiscard(`open ${path}`))) {
    return;
  }
  const shell = useShellStore.getState();
  try {
    const opened = await api().openFlow({ path });
    if (opened.flow === null) {
      shell.openDialog({ kind: 'broken-file', path: opened.path, text: opened.text, problems: opened.problems });
      return;
    }
    shell.closeDialog();
    loadDocument(opened.flow, opened.path);
    useSelectionStore.getState().requestFit();
    const errors = opened.problems.filter((problem) => problem.severity === 'error').length;
    shell.notify('info', errors === 0 ? `Opened ${opened.path}` : `Opened ${opened.path} with ${errors} problem${errors === 1 ? '' : 's'}; see Problems`);
    if (errors > 0) {
      shell.setBottomTab('problems');
    }
    void resumeActiveRun(opened.path);
  } catch (error) {
    shell.notify('error', `Cannot open ${path}: ${describeError(error)}`);
  }
}

async function writeFlow(path: string, createOnly: boolean): Promise<boolean> {
  const flow = useDocumentStore.getState().history.present;
  try {
    const saved = await api().saveFlow({ path, flow, ...(createOnly ? { createOnly } : {}) });
    const keyBefore = selectFlowKey(useDocumentStore.getState());
    useDocumentStore.getState().markSaved(saved.path, flow);
    // The run values typed before the flow had this file stay with it.
    useRunParametersStore.getState().copyValues(keyBefore, selectFlowKey(useDocumentStore.getState()));
    const errors = saved.problems.filter((problem) => problem.severity === 'error').length;
    useShellStore.getState().notify('info', errors === 0 ? `Saved ${saved.path}` : `Saved ${saved.path}; it has ${errors} problem${errors === 1 ? '' : 's'} to fix before it can run`);
    return true;
  } catch (error) {
    useShellStore.getState().notify('error', `Cannot save ${path}: ${describeError(error)}`);
    return false;
  }
}

/** Saves to the document's file, or requests a path when it has none. Resolves true when saved. */
export async function saveFlow(): Promise<boolean> {
  const path = useDocumentStore.getState().path;
  return path === null ? saveFlowAs() : writeFlow(path, false);
}

export async function saveFlowAs(): Promise<boolean> {
  const flow = useDocumentStore.getState().history.present;
  const bridge = desktop();
  if (bridge !== undefined) {
    const path = await bridge.pickSavePath({ suggestedName: suggestedFileName(flow) });
    return path === null ? false : writeFlow(path, false);
  }
  return new Promise<boolean>((resolve) => {
    saveAsCallback = resolve;
    useShellStore.getState().openDialog({ kind: 'save-as', suggestedPath: suggestedFileName(flow) });
  });
}

let saveAsCallback: ((saved: boolean) => void) | undefined;

/** Completes the web-mode Save As dialog: writes a new file, or reports that none was chosen. */
export async function finishSaveAs(path: string | null): Promise<void> {
  const callback = saveAsCallback;
  saveAsCallback = undefined;
  if (path === null) {
    useShellStore.getState().closeDialog();
    callback?.(false);
    return;
  }
  const fileName = path.endsWith(FLOW_SUFFIX) ? path : `${path}${FLOW_SUFFIX}`;
  const saved = await writeFlow(fileName, true);
  if (saved) {
    useShellStore.getState().closeDialog();
  } else {
    saveAsCallback = callback;
  }
  if (saved) {
    callback?.(true);
  }
}

/** Writes a copy of the flow elsewhere without changing which file the designer edits. */
export async function exportFlow(): Promise<void> {
  const flow = useDocumentStore.getState().history.present;
  const bridge = desktop();
  if (bridge !== undefined) {
    const path = await bridge.pickSavePath({ suggestedName: suggestedFileName(flow) });
    if (path !== null) {
      try {
        await api().saveFlow({ path, flow });
        useShellStore.getState().notify('info', `Exported a copy to ${path}`);
      } catch (error) {
        useShellStore.getState().notify('error', `Cannot export to ${path}: ${describeError(error)}`);
      }
    }
    return;
  }
  // NOTE: the downloaded copy keeps the document's key order; Save writes the canonical order.
  const text = `${JSON.stringify(flow, null, 2)}\n`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = suggestedFileName(flow);
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Keeps the desktop window's title, path and unsaved state, and the page title, in step with the document. */
export function startDocumentStateSync(): () => void {
  let sent = '';
  const sync = (): void => {
    const state = useDocumentStore.getState();
    const dirty = selectDirty(state);
    const title = `${dirty ? '● ' : ''}${state.history.present.name || state.history.present.id} — Flowmason`;
    const key = JSON.stringify([title, state.path, dirty]);
    if (key === sent) {
      return;
    }
    sent = key;
    document.title = title;
    desktop()?.setDocumentState({ title, path: state.path, dirty });
  };
  sync();
  return useDocumentStore.subscribe(sync);
}
