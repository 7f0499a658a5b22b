/** The application shell: which view and bottom tab show, open dialogs and the notice line. */
import { create } from 'zustand';
import type { FlowFileInfo, FlowProblemInfo } from '../../../engine/api/index.js';

export type View = 'designer' | 'runs';
export type BottomTab = 'problems' | 'parameters' | 'run' | 'dead-letters';

export type Dialog =
  | { kind: 'open'; flows: readonly FlowFileInfo[] | null; workspace: string | null; error: string | null }
  | { kind: 'save-as'; suggestedPath: string }
  | { kind: 'confirm-discard'; action: string; resolve: (choice: 'save' | 'discard' | 'cancel') => void }
  | { kind: 'broken-file'; path: string; text: string; problems: readonly FlowProblemInfo[] };

export interface Notice {
  kind: 'info' | 'error';
  message: string;
  id: number;
}

export interface ShellState {
  view: View;
  bottomTab: BottomTab;
  dialog: Dialog | null;
  notice: Notice | null;
  setView(view: View): void;
  setBottomTab(tab: BottomTab): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  notify(kind: Notice['kind'], message: string): void;
  dismissNotice(): void;
}

export const useShellStore = create<ShellState>()((set) => ({
  view: 'designer',
  bottomTab: 'problems',
  dialog: null,
  notice: null,
  setView: (view) => set({ view }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  notify: (kind, message) => set((state) => ({ notice: { kind, message, id: (state.notice?.id ?? 0) + 1 } })),
  dismissNotice: () => set({ notice: null }),
}));
