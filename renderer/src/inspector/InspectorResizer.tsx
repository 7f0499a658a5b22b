/**
 * The inspector's left edge: drag it to make the inspector wider or narrower, or focus it and use
 * the arrow keys. The palette and the canvas keep at least {@link MIN_CANVAS_WIDTH} pixels together.
 */
import { EdgeResizer } from '../shell/EdgeResizer.js';
import { clampInspectorWidth, MIN_INSPECTOR_WIDTH, useShellStore, type ShellState } from '../stores/shell-store.js';

/** Pixels the palette and the canvas keep beside the inspector however far it is dragged. */
const MIN_CANVAS_WIDTH = 232 + 320;

const selectWidth = (state: ShellState) => state.inspectorWidth;

function clampToWindow(width: number): number {
  return clampInspectorWidth(Math.min(width, Math.max(MIN_INSPECTOR_WIDTH, window.innerWidth - MIN_CANVAS_WIDTH)));
}

export function InspectorResizer() {
  return (
    <EdgeResizer
      size={useShellStore(selectWidth)}
      currentSize={() => useShellStore.getState().inspectorWidth}
      setSize={(width) => useShellStore.getState().setInspectorWidth(width)}
      clamp={clampToWindow}
      grows="left"
      label="Resize the inspector"
      className="fm-inspector-resizer"
    />
  );
}
