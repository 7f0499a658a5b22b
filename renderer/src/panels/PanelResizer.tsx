/**
 * The top edge of the bottom panel: drag it to make the panel taller or lower, or focus it and use
 * the arrow keys. The canvas keeps at least {@link MIN_CANVAS_HEIGHT} pixels.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { MIN_BOTTOM_HEIGHT, useShellStore, type ShellState } from '../stores/shell-store.js';

/** Pixels the canvas and toolbar keep above the panel however far it is dragged. */
const MIN_CANVAS_HEIGHT = 200;
/** Pixels one arrow key press moves the edge. */
const KEY_STEP = 24;

const selectHeight = (state: ShellState) => state.bottomHeight;

function clampHeight(height: number): number {
  return Math.min(Math.max(height, MIN_BOTTOM_HEIGHT), Math.max(MIN_BOTTOM_HEIGHT, window.innerHeight - MIN_CANVAS_HEIGHT));
}

export function PanelResizer() {
  const height = useShellStore(selectHeight);
  const drag = useRef<{ startY: number; startHeight: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startY: event.clientY, startHeight: useShellStore.getState().bottomHeight };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (drag.current !== null) {
      useShellStore.getState().setBottomHeight(clampHeight(drag.current.startHeight + drag.current.startY - event.clientY));
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      useShellStore.getState().setBottomHeight(clampHeight(height + (event.key === 'ArrowUp' ? KEY_STEP : -KEY_STEP)));
    }
  };

  return (
    <div
      className="fm-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the bottom panel"
      aria-valuenow={height}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
