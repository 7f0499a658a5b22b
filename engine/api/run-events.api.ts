/**
 * Run events as the API delivers them to subscribers (WebSocket in web mode, IPC on the desktop).
 * They are the runtime's events unchanged: `steps.updated` is already throttled by the runtime.
 */
import { Type, type Static } from '@sinclair/typebox';
import { RunStatusSchema, StepSummarySchema } from './runs.api.js';

export const RunEventSchema = Type.Union([
  Type.Object({ type: Type.Literal('run.started'), runId: Type.Integer(), flowId: Type.String() }),
  Type.Object({ type: Type.Literal('steps.updated'), runId: Type.Integer(), steps: Type.Array(StepSummarySchema) }),
  Type.Object({ type: Type.Literal('run.finished'), runId: Type.Integer(), status: RunStatusSchema, error: Type.Union([Type.String(), Type.Null()]) }),
]);
export type RunEventMessage = Static<typeof RunEventSchema>;

export type RunEventHandler = (event: RunEventMessage) => void;

/** Removes a subscription; calling it twice does nothing. */
export type Unsubscribe = () => void;

export interface RunEventSource {
  /** Calls `handler` with every run event of every run until the returned function is called. */
  onRunEvent(handler: RunEventHandler): Unsubscribe;
}
