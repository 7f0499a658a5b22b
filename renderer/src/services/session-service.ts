/**
 * Keeps the open flow across a reload of the page: the file path is kept in the tab's session
 * storage and opened again at start. In web mode, the browser confirms before a page with unsaved
 * changes is closed or reloaded; the desktop app confirms through its main process instead.
 */
import { desktop } from '../api/api.js';
import { selectDirty, useDocumentStore } from '../stores/document-store.js';
import { openFlow } from './file-service.js';

const OPEN_FLOW_KEY = 'flowmason.openFlow';

function readOpenPath(): string | null {
  try {
    return window.sessionStorage.getItem(OPEN_FLOW_KEY);
  } catch {
    return null;
  }
}

function writeOpenPath(path: string | null): void {
  try {
    if (path === null) {
      window.sessionStorage.removeItem(OPEN_FLOW_KEY);
    } else {
      window.sessionStorage.setItem(OPEN_FLOW_KEY, path);
    }
  } catch {
    // Without session storage a reload starts with a new flow, as before.
  }
}

/** Opens the flow the tab had open before a reload, then follows the open path; returns the function that stops. */
export function startSessionRestore(): () => void {
  const previous = readOpenPath();
  if (previous !== null && useDocumentStore.getState().path === null) {
    void openFlow(previous);
  }
  const unsubscribe = useDocumentStore.subscribe((state, before) => {
    if (state.path !== before.path || state.loadCount !== before.loadCount) {
      writeOpenPath(state.path);
    }
  });
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (selectDirty(useDocumentStore.getState())) {
      event.preventDefault();
    }
  };
  const guardsUnload = desktop() === undefined;
  if (guardsUnload) {
    window.addEventListener('beforeunload', onBeforeUnload);
  }
  return () => {
    unsubscribe();
    if (guardsUnload) {
      window.removeEventListener('beforeunload', onBeforeUnload);
    }
  };
}
