/**
 * The dead letters an operator picked for a replay, the data edited before it, and where and with
 * which flow version they continue. Dead letter ids are unique across runs, so one selection
 * serves both the designer's Dead letters tab and the runs view.
 */
import { create } from 'zustand';

export type FlowVersion = 'original' | 'current';

export interface ReplayState {
  selected: ReadonlySet<number>;
  /** Edited data by dead letter id; replayed in place of the data the record had. */
  edits: Readonly<Record<number, Record<string, unknown>>>;
  /** Node to continue at; null continues each dead letter at the node where it failed. */
  fromNode: string | null;
  flowVersion: FlowVersion;
  replaying: boolean;

  toggle(id: number): void;
  setSelection(ids: readonly number[]): void;
  setEdit(id: number, data: Record<string, unknown> | null): void;
  setFromNode(nodeId: string | null): void;
  setFlowVersion(version: FlowVersion): void;
  setReplaying(replaying: boolean): void;
  /** Forgets the selection and edits of dead letters that were replayed. */
  clear(ids: readonly number[]): void;
}

const NONE: ReadonlySet<number> = new Set();

export const useReplayStore = create<ReplayState>()((set) => ({
  selected: NONE,
  edits: {},
  fromNode: null,
  flowVersion: 'original',
  replaying: false,
  toggle: (id) =>
    set((state) => {
      const selected = new Set(state.selected);
      if (selected.has(id)) {
        selected.delete(id);
      } else {
        selected.add(id);
      }
      return { selected };
    }),
  setSelection: (ids) => set({ selected: new Set(ids) }),
  setEdit: (id, data) =>
    set((state) => {
      const { [id]: _previous, ...rest } = state.edits;
      return { edits: data === null ? rest : { ...rest, [id]: data } };
    }),
  setFromNode: (fromNode) => set({ fromNode }),
  setFlowVersion: (flowVersion) => set({ flowVersion }),
  setReplaying: (replaying) => set({ replaying }),
  clear: (ids) =>
    set((state) => {
      const selected = new Set(state.selected);
      const edits = { ...state.edits };
      for (const id of ids) {
        selected.delete(id);
        delete edits[id];
      }
      return { selected, edits };
    }),
}));
