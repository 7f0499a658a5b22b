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

/** Width of the inspector when nothing was remembered, in pixels. */
export const DEFAULT_INSPECTOR_WIDTH = 348;
/** The inspector is never narrower than this, so its labels and buttons stay readable. */
export const MIN_INSPECTOR_WIDTH = 280;
/** The inspector is never wider than this. On a small window the resize handle stops earlier. */
export const MAX_INSPECTOR_WIDTH = 960;

/** Keeps an inspector width between {@link MIN_INSPECTOR_WIDTH} and {@link MAX_INSPECTOR_WIDTH}, in whole pixels. */
export function clampInspectorWidth(width: number): number {
  return Math.min(Math.max(Math.round(width), MIN_INSPECTOR_WIDTH), MAX_INSPECTOR_WIDTH);
}

export interface ShellState {
  view: View;
  bottomTab: BottomTab;
  /** Height of the bottom panel in pixels, set by dragging its top edge. */
  bottomHeight: number;
  /** Width of the inspector in pixels, set by dragging its left edge. */
  inspectorWidth: number;
  /** Whether the canvas shows its overview (the minimap). */
  showMinimap: boolean;
  dialog: Dialog | null;
  notice: Notice | null;
  setView(view: View): void;
  setBottomTab(tab: BottomTab): void;
  setBottomHeight(height: number): void;
  setInspectorWidth(width: number): void;
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
  inspectorWidth: DEFAULT_INSPECTOR_WIDTH,
  showMinimap: true,
  dialog: null,
  notice: null,
  setView: (view) => set({ view }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setBottomHeight: (height) => set({ bottomHeight: Math.max(MIN_BOTTOM_HEIGHT, Math.round(height)) }),
  setInspectorWidth: (width) => set({ inspectorWidth: clampInspectorWidth(width) }),
  setShowMinimap: (showMinimap) => set({ showMinimap }),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  notify: (kind, message) => set((state) => ({ notice: { kind, message, id: (state.notice?.id ?? 0) + 1 } })),
  dismissNotice: () => set({ notice: null }),
}));
