/** Canvas edits that involve the selection or the clipboard: delete, select all, cut, copy, paste. */
import type { FlowEdge, FlowProblemInfo } from '../../../engine/api/index.js';
import { changeNodeId, copyFragment, isFlowFragment, nodeIdProblem, pasteFragment, removeEdgeAt, removeElements, type FlowFragment } from '../document/flow-edits.js';
import { useConfigDraftsStore } from '../stores/config-drafts-store.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useSelectionStore } from '../stores/selection-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { useValidationStore } from '../stores/validation-store.js';

/** How far a pasted copy sits from its original, in canvas units. */
const PASTE_OFFSET = 40;

const EDITABLE = 'input, textarea, select, [contenteditable="true"], .monaco-editor';

let clipboard: FlowFragment | null = null;
let pasteCount = 0;

export function deleteSelection(): void {
  const { nodeIds, edgeKeys } = useSelectionStore.getState();
  if (nodeIds.length === 0 && edgeKeys.length === 0) {
    return;
  }
  useDocumentStore.getState().edit((flow) => removeElements(flow, nodeIds, edgeKeys));
  useSelectionStore.getState().clear();
}

/**
 * Returns the edge a problem is about, or null when the problem names no edge or was found in an
 * earlier version of the document, where its edge index may point at another edge.
 */
export function edgeOfProblem(problem: FlowProblemInfo): FlowEdge | null {
  const { history, revision } = useDocumentStore.getState();
  if (problem.edgeIndex === undefined || useValidationStore.getState().revision !== revision) {
    return null;
  }
  return history.present.edges[problem.edgeIndex] ?? null;
}

/**
 * Removes the edge a problem is about, in one undoable edit. It also removes edges the canvas does
 * not draw, those whose node or port does not exist.
 */
export function removeEdgeOfProblem(problem: FlowProblemInfo): void {
  const edge = edgeOfProblem(problem);
  if (edge === null || problem.edgeIndex === undefined) {
    return;
  }
  const index = problem.edgeIndex;
  useDocumentStore.getState().edit((flow) => removeEdgeAt(flow, index));
  useShellStore.getState().notify('info', `Removed edge ${edgeLabel(edge)}; Undo brings it back`);
}

/** Returns an edge as the host's messages write it: `node.port -> node.port`. */
export function edgeLabel(edge: FlowEdge): string {
  return `${edge.from.node}.${edge.from.port} -> ${edge.to.node}.${edge.to.port}`;
}

/**
 * Gives a node a new id: the node and its edges change in one undoable edit, and the selection and
 * unsaved config drafts follow. Returns why the id was refused, or null when it changed.
 */
export function renameNodeId(nodeId: string, newId: string): string | null {
  const flow = useDocumentStore.getState().history.present;
  const problem = nodeIdProblem(flow, nodeId, newId);
  if (problem !== null || newId === nodeId) {
    return problem;
  }
  useDocumentStore.getState().edit((current) => changeNodeId(current, nodeId, newId));
  useConfigDraftsStore.getState().renameNode(nodeId, newId);
  useSelectionStore.getState().select([newId]);
  return null;
}

export function selectAll(): void {
  const flow = useDocumentStore.getState().history.present;
  useSelectionStore.getState().select(flow.nodes.map((node) => node.id));
}

/** Copies the selected nodes and the edges between them; the system clipboard gets them as JSON too. */
export function copySelection(): boolean {
  const { nodeIds } = useSelectionStore.getState();
  if (nodeIds.length === 0) {
    return false;
  }
  clipboard = copyFragment(useDocumentStore.getState().history.present, nodeIds);
  pasteCount = 0;
  navigator.clipboard?.writeText(JSON.stringify(clipboard, null, 2)).catch(() => {
    // The in-page clipboard still works when the browser refuses the system one.
  });
  return true;
}

export function cutSelection(): void {
  if (copySelection()) {
    deleteSelection();
  }
}

/** Pastes the copied nodes with new ids beside the originals and selects the copies. */
export function paste(text?: string): void {
  let fragment = clipboard;
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isFlowFragment(parsed)) {
        fragment = parsed;
      }
    } catch {
      // Text that is not a copied fragment is ignored.
    }
  }
  if (fragment === null || fragment.nodes.length === 0) {
    return;
  }
  pasteCount++;
  const offset = { x: PASTE_OFFSET * pasteCount, y: PASTE_OFFSET * pasteCount };
  let pasted: string[] = [];
  useDocumentStore.getState().edit((flow) => {
    const result = pasteFragment(flow, fragment, offset);
    pasted = result.nodeIds;
    return result.flow;
  });
  useSelectionStore.getState().select(pasted);
}

/** Tells whether keyboard focus is in a text field or the code editor, where edit commands belong to the field. */
export function isEditableFocused(): boolean {
  const active = document.activeElement;
  return active?.closest(EDITABLE) != null;
}

/**
 * Handles the clipboard events the desktop menu's Cut, Copy and Paste raise (and a browser's own
 * menu): outside text fields they copy and paste nodes, with the nodes as JSON text on the clipboard.
 */
export function startClipboardEvents(): () => void {
  const onCopy = (event: ClipboardEvent, cut: boolean): void => {
    if (isEditableFocused() || !copySelection()) {
      return;
    }
    event.clipboardData?.setData('text/plain', JSON.stringify(clipboard, null, 2));
    event.preventDefault();
    if (cut) {
      deleteSelection();
    }
  };
  const copy = (event: ClipboardEvent) => onCopy(event, false);
  const cut = (event: ClipboardEvent) => onCopy(event, true);
  const pasteEvent = (event: ClipboardEvent): void => {
    if (isEditableFocused()) {
      return;
    }
    event.preventDefault();
    paste(event.clipboardData?.getData('text/plain') ?? undefined);
  };
  document.addEventListener('copy', copy);
  document.addEventListener('cut', cut);
  document.addEventListener('paste', pasteEvent);
  return () => {
    document.removeEventListener('copy', copy);
    document.removeEventListener('cut', cut);
    document.removeEventListener('paste', pasteEvent);
  };
}
