/**
 * The desktop additions to the API: native file dialogs, the application menu's commands and the
 * document state the main process needs (title, path for recent files, unsaved changes). Web mode
 * has none of them, so there the renderer uses its own dialogs.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Commands the application menu sends to the renderer. The renderer's keyboard shortcuts run the same commands. */
export const SHELL_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.export',
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.selectAll',
  'edit.delete',
  'run.start',
  'run.cancel',
  'view.designer',
  'view.runs',
  'view.approvals',
  'view.fit',
] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];

export const DocumentStateSchema = Type.Object({
  /** Shown in the window title. */
  title: Type.String({ maxLength: 500 }),
  /** Absolute path of the open file, or null for a new flow. */
  path: Type.Union([Type.String({ maxLength: 4096 }), Type.Null()]),
  dirty: Type.Boolean(),
});
export type DocumentState = Static<typeof DocumentStateSchema>;

export const SavePathRequestSchema = Type.Object({ suggestedName: Type.String({ maxLength: 255 }) });

/** The desktop half of the renderer's bridge, exposed by the preload script as `window.flowmasonDesktop`. */
export interface DesktopBridge {
  /** Shows the system's open dialog; resolves with the chosen absolute path, or null when cancelled. */
  pickFlowToOpen(): Promise<string | null>;
  /** Shows the system's save dialog; resolves with the chosen absolute path, or null when cancelled. */
  pickSavePath(request: Static<typeof SavePathRequestSchema>): Promise<string | null>;
  /** Tells the main process the title, path and unsaved state, for the title bar, recent files and the close prompt. */
  setDocumentState(state: DocumentState): void;
  /** Calls `handler` for every application menu command (File > Open, Edit > Undo, Open Recent). */
  onCommand(handler: (command: ShellCommand, argument: string | null) => void): () => void;
}

/** The API half of the bridge, exposed by the preload script as `window.flowmason`. */
export interface ApiBridge {
  /** Calls one FlowmasonApi method; resolves with `{ ok, value }` or `{ ok: false, error }`. */
  invoke(method: string, request: unknown): Promise<unknown>;
  /** Calls `handler` with every run event; returns the function that stops it. */
  onRunEvent(handler: (event: unknown) => void): () => void;
}
