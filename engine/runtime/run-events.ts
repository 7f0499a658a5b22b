/**
 * Events a run broadcasts while it goes. Names are `<subject>.<past-tense verb>`. They report
 * state for displays; nothing in the engine depends on them being delivered.
 */
import type { RunStatus } from '../statuses.js';
import type { StepSummary } from '../store/run-store.js';

export type RunEvent =
  | { type: 'run.started'; runId: number; flowId: string }
  /** Steps whose counts or status changed since the previous progress event; sent at most every few hundred milliseconds. */
  | { type: 'steps.updated'; runId: number; steps: StepSummary[] }
  | { type: 'run.finished'; runId: number; status: RunStatus; error: string | null };

export type RunEventListener = (event: RunEvent) => void;
