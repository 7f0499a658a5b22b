/**
 * The top edge of the bottom panel: drag it to make the panel taller or lower, or focus it and use
 * the arrow keys. The canvas keeps at least {@link MIN_CANVAS_HEIGHT} pixels.
 */
import { EdgeResizer } from '../shell/EdgeResizer.js';
import { MIN_BOTTOM_HEIGHT, useShellStore, type ShellState } from '../stores/shell-store.js';

/** Pixels the canvas and toolbar keep above the panel however far it is dragged. */
const MIN_CANVAS_HEIGHT = 200;

const selectHeight = (state: ShellState) => state.bottomHeight;

function clampHeight(height: number): number {
  return Math.min(Math.max(height, MIN_BOTTOM_HEIGHT), Math.max(MIN_BOTTOM_HEIGHT, window.innerHeight - MIN_CANVAS_HEIGHT));
}

export function PanelResizer() {
  return (
    <EdgeResizer
      size={useShellStore(selectHeight)}
      currentSize={() => useShellStore.getState().bottomHeight}
      setSize={(height) => useShellStore.getState().setBottomHeight(height)}
      clamp={clampHeight}
      grows="up"
      label="Resize the bottom panel"
      className="fm-resizer"
    />
  );
}
