/**
 * The run started from the designer: its status, live step counts per node, and, once it ends,
 * the dead letters and the record samples of the node being previewed.
 */
import { create } from 'zustand';
import type { DeadLetterInfo, FlowRecord, RunStatus, StepInfo } from '../../../engine/api/index.js';

export interface RunInspectorState {
  runId: number | null;
  status: RunStatus | 'STARTING' | null;
  error: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** Latest step summary per node id. A step object is replaced only when its counts change, so node cards re-render only then. */
  steps: Readonly<Record<string, StepInfo>>;
  deadLetters: readonly DeadLetterInfo[];
  previewNodeId: string | null;
  previewSamples: Readonly<Record<string, readonly FlowRecord[]>> | null;
  previewLoading: boolean;

  starting(): void;
  started(runId: number): void;
  /** Follows a run that was already going when the page loaded, such as the one it started before a reload. */
  resumed(runId: number, startedAt: number): void;
  /** Adds step counts read from the run history for nodes that no run event has reported yet. */
  applyStoredSteps(runId: number, steps: readonly StepInfo[]): void;
  applySteps(runId: number, steps: readonly StepInfo[]): void;
  finished(runId: number, status: RunStatus, error: string | null): void;
  failedToStart(message: string): void;
  setDeadLetters(runId: number, deadLetters: readonly DeadLetterInfo[]): void;
  previewRequested(nodeId: string | null): void;
  setPreview(nodeId: string, samples: Readonly<Record<string, readonly FlowRecord[]>>): void;
  reset(): void;
}

const initial = {
  runId: null,
  status: null,
  error: null,
  startedAt: null,
  finishedAt: null,
  steps: {},
  deadLetters: [],
  previewNodeId: null,
  previewSamples: null,
  previewLoading: false,
} as const;

export const useRunInspectorStore = create<RunInspectorState>()((set) => ({
  ...initial,
  starting: () => set({ ...initial, status: 'STARTING', startedAt: Date.now() }),
  started: (runId) => set((state) => (state.runId === runId ? state : { runId, status: 'RUNNING' })),
  resumed: (runId, startedAt) => set({ ...initial, runId, status: 'RUNNING', startedAt }),
  applyStoredSteps: (runId, steps) =>
    set((state) => {
      if (state.runId !== runId) {
        return state;
      }
      // Counts from events are the live ones, so the history's only fill in nodes no event has reported.
      const missing = steps.filter((step) => state.steps[step.nodeId] === undefined);
      return missing.length === 0 ? state : { steps: { ...Object.fromEntries(missing.map((step) => [step.nodeId, step])), ...state.steps } };
    }),
  applySteps: (runId, steps) =>
    set((state) => {
      if (state.runId !== runId) {
        return state;
      }
      const next = { ...state.steps };
      for (const step of steps) {
        next[step.nodeId] = step;
      }
      return { steps: next };
    }),
  finished: (runId, status, error) => set((state) => (state.runId !== runId ? state : { status, error, finishedAt: Date.now() })),
  failedToStart: (message) => set({ status: 'FAILED', error: message, finishedAt: Date.now() }),
  setDeadLetters: (runId, deadLetters) => set((state) => (state.runId !== runId ? state : { deadLetters })),
  previewRequested: (nodeId) => set({ previewNodeId: nodeId, previewSamples: null, previewLoading: nodeId !== null }),
  setPreview: (nodeId, samples) => set((state) => (state.previewNodeId !== nodeId ? state : { previewSamples: samples, previewLoading: false })),
  reset: () => set({ ...initial }),
}));

export const isRunActive = (state: RunInspectorState): boolean => state.status === 'STARTING' || state.status === 'RUNNING';
