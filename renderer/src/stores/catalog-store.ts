/** The node kinds the engine host offers, loaded once at start-up. */
import { create } from 'zustand';
import type { NodeKindInfo } from '../../../engine/api/index.js';

export interface CatalogState {
  status: 'loading' | 'ready' | 'failed';
  error: string | null;
  kinds: readonly NodeKindInfo[];
  byType: Readonly<Record<string, NodeKindInfo>>;
  setKinds(kinds: readonly NodeKindInfo[]): void;
  setFailed(message: string): void;
}

export const useCatalogStore = create<CatalogState>()((set) => ({
  status: 'loading',
  error: null,
  kinds: [],
  byType: {},
  setKinds: (kinds) => set({ status: 'ready', error: null, kinds, byType: Object.fromEntries(kinds.map((kind) => [kind.type, kind])) }),
  setFailed: (message) => set({ status: 'failed', error: message }),
}));
