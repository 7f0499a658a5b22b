/**
 * The inspector's left edge: drag it to make the inspector wider or narrower, or focus it and use
 * the arrow keys. The palette and the canvas keep at least {@link MIN_CANVAS_WIDTH} pixels together.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { clampInspectorWidth, MIN_INSPECTOR_WIDTH, useShellStore, type ShellState } from '../stores/shell-store.js';

/** Pixels the palette and the canvas keep beside the inspector however far it is dragged. */
const MIN_CANVAS_WIDTH = 232 + 320;
/** Pixels one arrow key press moves the edge. */
const KEY_STEP = 24;

const selectWidth = (state: ShellState) => state.inspectorWidth;

function clampToWindow(width: number): number {
  return clampInspectorWidth(Math.min(width, Math.max(MIN_INSPECTOR_WIDTH, window.innerWidth - MIN_CANVAS_WIDTH)));
}

export function InspectorResizer() {
  const width = useShellStore(selectWidth);
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: useShellStore.getState().inspectorWidth };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (drag.current !== null) {
      useShellStore.getState().setInspectorWidth(clampToWindow(drag.current.startWidth + drag.current.startX - event.clientX));
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      useShellStore.getState().setInspectorWidth(clampToWindow(width + (event.key === 'ArrowLeft' ? KEY_STEP : -KEY_STEP)));
    }
  };

  return (
    <div
      className="fm-inspector-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the inspector"
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
