/**
 * Undo and redo over immutable documents. Each edit pushes the previous document; edits with the
 * same coalescing key in quick succession (typing in one field) share one undo step.
 */
import type { FlowDocument } from '../../../engine/api/index.js';

/** Undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;
/** Edits with the same key closer together than this, in milliseconds, are one undo step. */
export const COALESCE_WINDOW_MS = 1000;

export interface FlowHistory {
  present: FlowDocument;
  past: FlowDocument[];
  future: FlowDocument[];
  lastKey: string | null;
  lastEditAt: number;
}

export function startHistory(document: FlowDocument): FlowHistory {
  return { present: document, past: [], future: [], lastKey: null, lastEditAt: 0 };
}

export function recordEdit(history: FlowHistory, next: FlowDocument, coalesceKey: string | null, now: number): FlowHistory {
  if (next === history.present) {
    return history;
  }
  const coalesce = coalesceKey !== null && coalesceKey === history.lastKey && now - history.lastEditAt < COALESCE_WINDOW_MS;
  const past = coalesce ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { present: next, past, future: [], lastKey: coalesceKey, lastEditAt: now };
}

export function undo(history: FlowHistory): FlowHistory {
  const previous = history.past.at(-1);
  if (previous === undefined) {
    return history;
  }
  return { present: previous, past: history.past.slice(0, -1), future: [history.present, ...history.future], lastKey: null, lastEditAt: 0 };
}

export function redo(history: FlowHistory): FlowHistory {
  const next = history.future[0];
  if (next === undefined) {
    return history;
  }
  return { present: next, past: [...history.past, history.present], future: history.future.slice(1), lastKey: null, lastEditAt: 0 };
}
