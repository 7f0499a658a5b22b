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
  deadLetters: readonly DeadLetterInfo[];
  selectedNodeId: string | null;
  samples: Readonly<Record<string, readonly FlowRecord[]>> | null;

  setLoading(): void;
  setRuns(runs: readonly RunInfo[]): void;
  setError(message: string): void;
  selectRun(runId: number | null): void;
  setDetail(run: RunInfo, steps: readonly StepInfo[], deadLetters: readonly DeadLetterInfo[]): void;
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
  deadLetters: [],
  selectedNodeId: null,
  samples: null,
  setLoading: () => set({ loading: true }),
  setRuns: (runs) => set({ runs, loading: false, error: null }),
  setError: (message) => set({ loading: false, error: message }),
  selectRun: (runId) => set({ selectedRunId: runId, run: null, steps: [], deadLetters: [], selectedNodeId: null, samples: null }),
  setDetail: (run, steps, deadLetters) => set((state) => (state.selectedRunId !== run.id ? state : { run, steps, deadLetters })),
  selectNode: (nodeId) => set({ selectedNodeId: nodeId, samples: null }),
  setSamples: (nodeId, samples) => set((state) => (state.selectedNodeId !== nodeId ? state : { samples })),
}));
