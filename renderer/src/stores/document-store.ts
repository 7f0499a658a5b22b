/**
 * The open flow document with its undo history, its file path and whether it has unsaved changes.
 * Actions only change state; reading and writing files happens in services/file-service.ts.
 */
import { create } from 'zustand';
import type { FlowDocument } from '../../../engine/api/index.js';
import { emptyFlow } from '../document/flow-edits.js';
import { recordEdit, redo, startHistory, undo, type FlowHistory } from '../document/flow-history.js';

export interface DocumentState {
  history: FlowHistory;
  /** Path of the file as the host reports it, or null for a flow never saved. */
  path: string | null;
  /** Counts every change, undo and redo included, so a validation result can be matched to the document it checked. */
  revision: number;
  /** The document as last opened or saved; the flow has unsaved changes when the present document is another one. */
  savedDocument: FlowDocument;
  /** Bumped when a whole new document is loaded, so views can reset (fit the canvas, clear selection). */
  loadCount: number;

  load(document: FlowDocument, path: string | null): void;
  /** Applies an edit; edits with the same `coalesceKey` within a second share one undo step. */
  edit(change: (document: FlowDocument) => FlowDocument, coalesceKey?: string): void;
  undo(): void;
  redo(): void;
  markSaved(path: string, document: FlowDocument): void;
}

const firstDocument = emptyFlow();

export const useDocumentStore = create<DocumentState>()((set) => ({
  history: startHistory(firstDocument),
  path: null,
  revision: 0,
  savedDocument: firstDocument,
  loadCount: 0,

  load: (document, path) =>
    set((state) => ({ history: startHistory(document), path, revision: state.revision + 1, savedDocument: document, loadCount: state.loadCount + 1 })),

  edit: (change, coalesceKey) =>
    set((state) => {
      const next = change(state.history.present);
      if (next === state.history.present) {
        return state;
      }
      return { history: recordEdit(state.history, next, coalesceKey ?? null, Date.now()), revision: state.revision + 1 };
    }),

  undo: () =>
    set((state) => (state.history.past.length === 0 ? state : { history: undo(state.history), revision: state.revision + 1 })),

  redo: () =>
    set((state) => (state.history.future.length === 0 ? state : { history: redo(state.history), revision: state.revision + 1 })),

  markSaved: (path, document) => set({ path, savedDocument: document }),
}));

export const selectDocument = (state: DocumentState): FlowDocument => state.history.present;
export const selectDirty = (state: DocumentState): boolean => state.history.present !== state.savedDocument;
export const selectCanUndo = (state: DocumentState): boolean => state.history.past.length > 0;
export const selectCanRedo = (state: DocumentState): boolean => state.history.future.length > 0;

/**
 * A key for the open flow that outlives switching to another flow and back: its file path, or,
 * for a flow never saved, the load that created it.
 */
export const selectFlowKey = (state: DocumentState): string => state.path ?? `unsaved-${state.loadCount}`;
