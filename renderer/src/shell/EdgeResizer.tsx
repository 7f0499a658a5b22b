/**
 * A draggable edge of a pane: drag it to resize the pane, or focus it and use the arrow keys. The
 * pane grows towards `grows`: upward for a bottom panel, leftward for a right-hand pane.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/** Pixels one arrow key press moves the edge. */
const KEY_STEP = 24;

export interface EdgeResizerProps {
  /** The pane's size in pixels now: a height for `up`, a width for `left`. */
  size: number;
  /** Reads the size at the start of a drag, when `size` may be stale. */
  currentSize: () => number;
  /** Stores a new size, already clamped. */
  setSize: (size: number) => void;
  /** Keeps a size within the pane's limits and the window. */
  clamp: (size: number) => number;
  grows: 'up' | 'left';
  label: string;
  className: string;
}

export function EdgeResizer({ size, currentSize, setSize, clamp, grows, label, className }: EdgeResizerProps) {
  const drag = useRef<{ start: number; startSize: number } | null>(null);
  const position = (event: PointerEvent<HTMLDivElement>): number => (grows === 'up' ? event.clientY : event.clientX);
  const [growKey, shrinkKey] = grows === 'up' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: position(event), startSize: currentSize() };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    if (drag.current !== null) {
      setSize(clamp(drag.current.startSize + drag.current.start - position(event)));
    }
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>): void => {
    drag.current = null;
    event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === growKey || event.key === shrinkKey) {
      event.preventDefault();
      setSize(clamp(size + (event.key === growKey ? KEY_STEP : -KEY_STEP)));
    }
  };

  return (
    <div
      className={className}
      role="separator"
      aria-orientation={grows === 'up' ? 'horizontal' : 'vertical'}
      aria-label={label}
      aria-valuenow={size}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
