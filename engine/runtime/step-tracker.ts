/**
 * Counts and timings of one node in one run, plus the bounded sample of records per port that
 * the designer previews. Updated on every flush; read by progress events and saved to the store.
 */
import type { FlowRecord } from '../records.js';
import type { StepStatus } from '../statuses.js';
import type { StepSummary } from '../store/run-store.js';

export class StepTracker {
  status: StepStatus = 'PENDING';
  recordsIn = 0;
  errors = 0;
  /** Records a sink skipped because their target already had them. */
  unchanged = 0;
  /** Records stored as pending approvals. */
  held = 0;
  readonly outputs: Record<string, number> = {};
  readonly samples = new Map<string, FlowRecord[]>();
  private startedAt: Date | undefined;
  private finishedAt: Date | undefined;
  /** Set on every change and cleared when a progress event reports the step. */
  changed = true;

  constructor(
    readonly runId: number,
    readonly nodeId: string,
    readonly nodeType: string,
    private readonly sampleSize: number,
    ports: readonly string[],
  ) {
    for (const port of ports) {
      this.outputs[port] = 0;
    }
  }

  start(): void {
    if (this.startedAt === undefined) {
      this.startedAt = new Date();
      this.status = 'RUNNING';
      this.changed = true;
    }
  }

  finish(status: StepStatus): void {
    this.finishedAt = new Date();
    this.status = status;
    this.changed = true;
  }

  countUnchanged(records: number): void {
    this.unchanged += records;
    this.changed = true;
  }

  countHeld(records: number): void {
    this.held += records;
    this.changed = true;
  }

  countIn(records: number): void {
    this.recordsIn += records;
    this.changed = true;
  }

  countOut(port: string, batch: readonly FlowRecord[]): void {
    this.outputs[port] = (this.outputs[port] ?? 0) + batch.length;
    this.changed = true;
    let sample = this.samples.get(port);
    if (sample === undefined) {
      sample = [];
      this.samples.set(port, sample);
    }
    for (let index = 0; index < batch.length && sample.length < this.sampleSize; index++) {
      sample.push(batch[index] as FlowRecord);
    }
  }

  summary(): StepSummary {
    return {
      runId: this.runId,
      nodeId: this.nodeId,
      nodeType: this.nodeType,
      status: this.status,
      recordsIn: this.recordsIn,
      outputs: { ...this.outputs },
      errors: this.errors,
      unchanged: this.unchanged,
      held: this.held,
      startedAt: this.startedAt?.toISOString() ?? null,
      finishedAt: this.finishedAt?.toISOString() ?? null,
      durationMs: this.startedAt === undefined ? null : (this.finishedAt ?? new Date()).getTime() - this.startedAt.getTime(),
    };
  }
}
