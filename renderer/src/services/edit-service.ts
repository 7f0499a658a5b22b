/** Canvas edits that involve the selection or the clipboard: delete, select all, cut, copy, paste. */
import { copyFragment, isFlowFragment, pasteFragment, removeElements, type FlowFragment } from '../document/flow-edits.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useSelectionStore } from '../stores/selection-store.js';

/** How far a pasted copy sits from its original, in canvas units. */
const PASTE_OFFSET = 40;

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
