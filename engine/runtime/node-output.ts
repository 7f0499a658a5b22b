/**
 * The {@link Output} a node writes to. It buffers records per port and, on `flush`, counts them,
 * samples them and pushes each port's batch to every channel its edges lead to. Records that
 * fail go to the error port when an edge leaves it, otherwise to the dead letters.
 */
import { errorKind, errorMessage, InternalError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import { ERROR_PORT, type Output } from '../sdk/node-kind.js';
import type { NewDeadLetter } from '../store/run-store.js';
import type { BatchChannel } from './batch-channel.js';
import type { StepTracker } from './step-tracker.js';

export interface NodeOutputOptions {
  nodeId: string;
  flowId: string;
  runId: number;
  /** Ports the node may emit on, `error` included. */
  ports: readonly string[];
  /** Channels each port's edges lead to; a port without edges drops its records after counting them. */
  targets: ReadonlyMap<string, readonly BatchChannel[]>;
  step: StepTracker;
  /** Stores dead letters; called once per flush that has any. */
  addDeadLetters(entries: readonly NewDeadLetter[]): Promise<void>;
  /** Called on the first failure when the node is configured to fail the run. */
  onFirstFailure?: (error: unknown) => void;
}

export class NodeOutput implements Output {
  private buffers = new Map<string, FlowRecord[]>();
  private deadLetters: NewDeadLetter[] = [];
  private pendingCount = 0;
  private readonly errorPortConnected: boolean;

  constructor(private readonly options: NodeOutputOptions) {
    this.errorPortConnected = (options.targets.get(ERROR_PORT)?.length ?? 0) > 0;
    for (const port of options.ports) {
      this.buffers.set(port, []);
    }
  }

  get pending(): number {
    return this.pendingCount;
  }

  emit(port: string, record: FlowRecord): void {
    const buffer = this.buffers.get(port);
    if (buffer === undefined) {
      throw new InternalError(`node '${this.options.nodeId}' emitted a record on port '${port}', which it does not declare; its ports: ${this.options.ports.join(', ')}`);
    }
    buffer.push(record);
    this.pendingCount++;
  }

  fail(record: FlowRecord, error: unknown, attempts = 1): void {
    this.options.step.errors++;
    this.options.onFirstFailure?.(error);
    const message = errorMessage(error);
    if (this.errorPortConnected) {
      const failed: FlowRecord = {
        ...record,
        errors: [...(record.errors ?? []), { rule: `${errorKind(error)}-error`, message, node: this.options.nodeId }],
      };
      this.emit(ERROR_PORT, failed);
      return;
    }
    this.deadLetters.push({
      runId: this.options.runId,
      flowId: this.options.flowId,
      nodeId: this.options.nodeId,
      record,
      errorKind: errorKind(error),
      errorMessage: message,
      attempts,
    });
    this.pendingCount++;
  }

  async flush(): Promise<void> {
    if (this.pendingCount === 0) {
      return;
    }
    this.pendingCount = 0;
    const pushes: Promise<void>[] = [];
    for (const [port, buffer] of this.buffers) {
      if (buffer.length === 0) {
        continue;
      }
      this.buffers.set(port, []);
      this.options.step.countOut(port, buffer);
      for (const channel of this.options.targets.get(port) ?? []) {
        pushes.push(channel.push(buffer));
      }
    }
    if (this.deadLetters.length > 0) {
      const entries = this.deadLetters;
      this.deadLetters = [];
      pushes.push(this.options.addDeadLetters(entries));
    }
    await Promise.all(pushes);
  }
}
