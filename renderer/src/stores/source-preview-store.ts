/** The preview of a source node's first records, shown in the bottom panel's Preview tab. */
import { create } from 'zustand';
import type { SourcePreviewInfo } from '../../../engine/api/index.js';

export interface SourcePreviewState {
  nodeId: string | null;
  loading: boolean;
  preview: SourcePreviewInfo | null;
  error: string | null;
  requested(nodeId: string): void;
  setPreview(preview: SourcePreviewInfo): void;
  setError(nodeId: string, message: string): void;
}

export const useSourcePreviewStore = create<SourcePreviewState>()((set) => ({
  nodeId: null,
  loading: false,
  preview: null,
  error: null,
  requested: (nodeId) => set({ nodeId, loading: true, preview: null, error: null }),
  setPreview: (preview) => set((state) => (state.nodeId !== preview.nodeId ? state : { loading: false, preview })),
  setError: (nodeId, message) => set((state) => (state.nodeId !== nodeId ? state : { loading: false, error: message })),
}));
