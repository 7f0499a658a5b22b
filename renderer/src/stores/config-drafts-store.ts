/**
 * Text typed into a config editor that is not valid JSON yet. The flow keeps the field's last
 * valid value and the text waits here, so selecting another node loses nothing. Until the text is
 * fixed it counts as an error of the flow, which then cannot run.
 */
import { create } from 'zustand';
import type { FlowProblemInfo } from '../../../engine/api/index.js';

export interface ConfigDraft {
  nodeId: string;
  /** Dotted path from the node, as problems name fields: `config.codeTables`. */
  field: string;
  text: string;
  /** Parse error of the text. */
  message: string;
}

export interface ConfigDraftsState {
  /** Drafts by {@link draftKey}. */
  drafts: Readonly<Record<string, ConfigDraft>>;
  setDraft(draft: ConfigDraft): void;
  clearDraft(nodeId: string, field: string): void;
  clearAll(): void;
  /** Moves the drafts of a node whose id changed. */
  renameNode(from: string, to: string): void;
}

export function draftKey(nodeId: string, field: string): string {
  return `${nodeId}\u0000${field}`;
}

export const useConfigDraftsStore = create<ConfigDraftsState>()((set) => ({
  drafts: {},
  setDraft: (draft) => set((state) => ({ drafts: { ...state.drafts, [draftKey(draft.nodeId, draft.field)]: draft } })),
  clearDraft: (nodeId, field) =>
    set((state) => {
      const key = draftKey(nodeId, field);
      if (!(key in state.drafts)) {
        return state;
      }
      const { [key]: _removed, ...rest } = state.drafts;
      return { drafts: rest };
    }),
  clearAll: () => set({ drafts: {} }),
  renameNode: (from, to) =>
    set((state) => {
      const drafts: Record<string, ConfigDraft> = {};
      for (const draft of Object.values(state.drafts)) {
        const moved = draft.nodeId === from ? { ...draft, nodeId: to } : draft;
        drafts[draftKey(moved.nodeId, moved.field)] = moved;
      }
      return { drafts };
    }),
}));

export function findDraft(state: ConfigDraftsState, nodeId: string, field: string): ConfigDraft | undefined {
  return state.drafts[draftKey(nodeId, field)];
}

/** Describes the drafts of the nodes in `nodeIds` as errors, in the form the host reports problems. */
export function draftProblems(drafts: Readonly<Record<string, ConfigDraft>>, nodeIds: ReadonlySet<string>): FlowProblemInfo[] {
  return Object.values(drafts)
    .filter((draft) => nodeIds.has(draft.nodeId))
    .map((draft) => ({ severity: 'error', nodeId: draft.nodeId, field: draft.field, message: `invalid JSON, not applied yet: ${draft.message}` }));
}
