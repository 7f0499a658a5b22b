/** The runs view: run history, the run being inspected, its steps, samples and dead letters. */
import { create } from 'zustand';
import type { DeadLetterInfo, FlowRecord, RunInfo, StepInfo } from '../../../engine/api/index.js';

export interface RunsViewState {
  runs: readonly RunInfo[];
  loading: boolean;
  error: string | null;
  selectedRunId: number | null;
  run: RunInfo | null;
  steps: readonly StepInfo[];
  /** Names of the nodes of the flow version the run ran, by id. */
  nodeNames: Readonly<Record<string, string>>;
  /** Message of the last rerun that was rejected, for the run it was asked for. */
  rerunError: { runId: number; message: string } | null;
  rerunning: boolean;
  deadLetters: readonly DeadLetterInfo[];
  selectedNodeId: string | null;
  samples: Readonly<Record<string, readonly FlowRecord[]>> | null;

  setLoading(): void;
  setRuns(runs: readonly RunInfo[]): void;
  setError(message: string): void;
  selectRun(runId: number | null): void;
  setDetail(run: RunInfo, steps: readonly StepInfo[], deadLetters: readonly DeadLetterInfo[], nodeNames: Readonly<Record<string, string>>): void;
  setRerunning(rerunning: boolean): void;
  setRerunError(error: { runId: number; message: string } | null): void;
  selectNode(nodeId: string | null): void;
  setSamples(nodeId: string, samples: Readonly<Record<string, readonly FlowRecord[]>>): void;
}

export const useRunsViewStore = create<RunsViewState>()((set) => ({
  runs: [],
  loading: false,
  error: null,
  selectedRunId: null,
  run: null,
  steps: [],
  nodeNames: {},
  rerunError: null,
  rerunning: false,
  deadLetters: [],
  selectedNodeId: null,
  samples: null,
  setLoading: () => set({ loading: true }),
  setRuns: (runs) => set({ runs, loading: false, error: null }),
  setError: (message) => set({ loading: false, error: message }),
  selectRun: (runId) =>
    set((state) => ({
      selectedRunId: runId,
      ...(runId === state.selectedRunId ? {} : { run: null, steps: [], nodeNames: {}, deadLetters: [], selectedNodeId: null, samples: null, rerunError: null }),
    })),
  setDetail: (run, steps, deadLetters, nodeNames) => set((state) => (state.selectedRunId !== run.id ? state : { run, steps, deadLetters, nodeNames })),
  setRerunning: (rerunning) => set({ rerunning }),
  setRerunError: (rerunError) => set({ rerunError }),
  selectNode: (nodeId) => set({ selectedNodeId: nodeId, samples: null }),
  setSamples: (nodeId, samples) => set((state) => (state.selectedNodeId !== nodeId ? state : { samples })),
}));
