/**
 * Remembers the layout the user chose (the bottom panel's height, the inspector's width, whether
 * the canvas shows its overview) in the browser's local storage, so it survives a reload and the next start.
 */
import { useShellStore } from '../stores/shell-store.js';

const STORAGE_KEY = 'flowmason.layout';

interface SavedLayout {
  bottomHeight?: number;
  inspectorWidth?: number;
  showMinimap?: boolean;
}

function readLayout(): SavedLayout {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as unknown;
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch {
    // A value another version wrote, or storage the browser refuses: start from the defaults.
    return {};
  }
}

/** Restores the saved layout and saves every change; returns the function that stops saving. */
export function startLayoutPersistence(): () => void {
  const saved = readLayout();
  if (typeof saved.bottomHeight === 'number' && Number.isFinite(saved.bottomHeight)) {
    useShellStore.getState().setBottomHeight(saved.bottomHeight);
  }
  if (typeof saved.inspectorWidth === 'number' && Number.isFinite(saved.inspectorWidth)) {
    useShellStore.getState().setInspectorWidth(saved.inspectorWidth);
  }
  if (typeof saved.showMinimap === 'boolean') {
    useShellStore.getState().setShowMinimap(saved.showMinimap);
  }
  return useShellStore.subscribe((state, previous) => {
    if (state.bottomHeight !== previous.bottomHeight || state.inspectorWidth !== previous.inspectorWidth || state.showMinimap !== previous.showMinimap) {
      const layout: SavedLayout = { bottomHeight: state.bottomHeight, inspectorWidth: state.inspectorWidth, showMinimap: state.showMinimap };
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(layout));
      } catch {
        // Storage can be full or disabled; the layout then lasts until the page closes.
      }
    }
  });
}
