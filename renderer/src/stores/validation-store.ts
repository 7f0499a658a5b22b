/** The host's verdict on the document as last validated: problems by node and field, and each node's ports. */
import { create } from 'zustand';
import type { FlowProblemInfo } from '../../../engine/api/index.js';

export interface ValidationState {
  /** Document revision the problems belong to, or -1 before the first check. */
  revision: number;
  checking: boolean;
  problems: readonly FlowProblemInfo[];
  problemsByNode: Readonly<Record<string, readonly FlowProblemInfo[]>>;
  outputs: Readonly<Record<string, readonly string[]>>;
  errorCount: number;
  warningCount: number;
  /** Set when the host could not be asked; the flow then counts as unchecked. */
  failure: string | null;

  setChecking(): void;
  setResult(revision: number, problems: readonly FlowProblemInfo[], outputs: Readonly<Record<string, readonly string[]>>): void;
  setFailure(message: string): void;
}

const NO_PROBLEMS: readonly FlowProblemInfo[] = [];

export const useValidationStore = create<ValidationState>()((set) => ({
  revision: -1,
  checking: false,
  problems: NO_PROBLEMS,
  problemsByNode: {},
  outputs: {},
  errorCount: 0,
  warningCount: 0,
  failure: null,
  setChecking: () => set({ checking: true }),
  setResult: (revision, problems, outputs) => {
    const byNode: Record<string, FlowProblemInfo[]> = {};
    for (const problem of problems) {
      if (problem.nodeId !== undefined) {
        (byNode[problem.nodeId] ??= []).push(problem);
      }
    }
    const errorCount = problems.filter((problem) => problem.severity === 'error').length;
    set({ revision, checking: false, problems, problemsByNode: byNode, outputs, errorCount, warningCount: problems.length - errorCount, failure: null });
  },
  setFailure: (message) => set({ checking: false, failure: message }),
}));

export function problemsOfNode(state: ValidationState, nodeId: string): readonly FlowProblemInfo[] {
  return state.problemsByNode[nodeId] ?? NO_PROBLEMS;
}
