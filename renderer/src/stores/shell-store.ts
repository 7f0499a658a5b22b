/** The application shell: which view and bottom tab show, open dialogs and the notice line. */
import { create } from 'zustand';
import type { FlowFileInfo, FlowProblemInfo } from '../../../engine/api/index.js';

export type View = 'designer' | 'runs' | 'approvals';
export type BottomTab = 'problems' | 'parameters' | 'run' | 'dead-letters' | 'preview';

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

/** Height of the bottom panel when nothing was remembered, in pixels. */
export const DEFAULT_BOTTOM_HEIGHT = 290;
/** The bottom panel is never lower than this, so its tabs stay usable. */
export const MIN_BOTTOM_HEIGHT = 120;

export interface ShellState {
  view: View;
  bottomTab: BottomTab;
  /** Height of the bottom panel in pixels, set by dragging its top edge. */
  bottomHeight: number;
  /** Whether the canvas shows its overview (the minimap). */
  showMinimap: boolean;
  dialog: Dialog | null;
  notice: Notice | null;
  setView(view: View): void;
  setBottomTab(tab: BottomTab): void;
  setBottomHeight(height: number): void;
  setShowMinimap(show: boolean): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  notify(kind: Notice['kind'], message: string): void;
  dismissNotice(): void;
}

export const useShellStore = create<ShellState>()((set) => ({
  view: 'designer',
  bottomTab: 'problems',
  bottomHeight: DEFAULT_BOTTOM_HEIGHT,
  showMinimap: true,
  dialog: null,
  notice: null,
  setView: (view) => set({ view }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setBottomHeight: (height) => set({ bottomHeight: Math.max(MIN_BOTTOM_HEIGHT, Math.round(height)) }),
  setShowMinimap: (showMinimap) => set({ showMinimap }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  notify: (kind, message) => set((state) => ({ notice: { kind, message, id: (state.notice?.id ?? 0) + 1 } })),
  dismissNotice: () => set({ notice: null }),
}));
