/** The canvas selection, and requests to move the viewport. */
import { create } from 'zustand';

export interface SelectionState {
  nodeIds: readonly string[];
  edgeKeys: readonly string[];
  /** Bumped to ask the canvas to fit the whole flow in view. */
  fitRequest: number;
  /** A node the canvas should bring into view, with a counter so the same node can be asked twice. */
  focusRequest: { nodeId: string; count: number } | null;

  select(nodeIds: readonly string[], edgeKeys?: readonly string[]): void;
  clear(): void;
  requestFit(): void;
  requestFocus(nodeId: string): void;
}

const NONE: readonly string[] = [];

export const useSelectionStore = create<SelectionState>()((set) => ({
  nodeIds: NONE,
  edgeKeys: NONE,
  fitRequest: 0,
  focusRequest: null,
  select: (nodeIds, edgeKeys = NONE) => set({ nodeIds, edgeKeys }),
  clear: () => set({ nodeIds: NONE, edgeKeys: NONE }),
  requestFit: () => set((state) => ({ fitRequest: state.fitRequest + 1 })),
  requestFocus: (nodeId) => set((state) => ({ focusRequest: { nodeId, count: (state.focusRequest?.count ?? 0) + 1 }, nodeIds: [nodeId], edgeKeys: NONE })),
}));

/** The one selected node id, or null when none or several are selected. */
export const selectSingleNodeId = (state: SelectionState): string | null => (state.nodeIds.length === 1 ? (state.nodeIds[0] ?? null) : null);
