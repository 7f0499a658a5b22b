/** The approvals inbox: the approvals shown, the one open, and who decides. */
import { create } from 'zustand';
import type { ApprovalInfo } from '../../../engine/api/index.js';

export interface ApprovalsState {
  approvals: readonly ApprovalInfo[];
  loading: boolean;
  error: string | null;
  /** Show decided approvals too, not only pending ones. */
  showDecided: boolean;
  selectedId: number | null;
  /** Name recorded as the person who decides. */
  actor: string;
  deciding: boolean;

  setLoading(): void;
  setApprovals(approvals: readonly ApprovalInfo[]): void;
  setError(message: string): void;
  setShowDecided(showDecided: boolean): void;
  select(id: number | null): void;
  setActor(actor: string): void;
  setDeciding(deciding: boolean): void;
}

export const useApprovalsStore = create<ApprovalsState>()((set) => ({
  approvals: [],
  loading: false,
  error: null,
  showDecided: false,
  selectedId: null,
  actor: '',
  deciding: false,
  setLoading: () => set({ loading: true }),
  setApprovals: (approvals) => set((state) => ({ approvals, loading: false, error: null, selectedId: approvals.some((approval) => approval.id === state.selectedId) ? state.selectedId : (approvals[0]?.id ?? null) })),
  setError: (message) => set({ loading: false, error: message }),
  setShowDecided: (showDecided) => set({ showDecided }),
  select: (selectedId) => set({ selectedId }),
  setActor: (actor) => set({ actor }),
  setDeciding: (deciding) => set({ deciding }),
}));
