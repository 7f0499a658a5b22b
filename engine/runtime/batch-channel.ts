/**
 * A bounded queue of record batches between nodes. A producer's `push` resolves only when the
 * queue has room, so a fast source waits for its slowest consumer and memory stays flat.
 * Several producers may feed one channel (every edge into a node's input port is one producer);
 * iteration ends when all of them are done and the queue is empty.
 */
import type { FlowRecord } from '../records.js';

export class ChannelAbortedError extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'ChannelAbortedError';
  }
}

export class BatchChannel {
  private readonly queue: (readonly FlowRecord[])[] = [];
  private readonly waitingProducers: (() => void)[] = [];
  private wakeConsumer: (() => void) | undefined;
  private aborted = false;

  /**
   * @param capacity batches the queue holds before `push` waits.
   * @param producers how many producers will call {@link producerDone}.
   */
  constructor(
    private readonly capacity: number,
    private producers: number,
  ) {}

  async push(batch: readonly FlowRecord[]): Promise<void> {
    while (this.queue.length >= this.capacity && !this.aborted) {
      await new Promise<void>((resolve) => this.waitingProducers.push(resolve));
    }
    if (this.aborted) {
      throw new ChannelAbortedError();
    }
    this.queue.push(batch);
    this.notifyConsumer();
  }

  /** One producer has sent its last batch. */
  producerDone(): void {
    this.producers--;
    this.notifyConsumer();
  }

  /** Wakes everyone; pending and later pushes and reads throw {@link ChannelAbortedError}. */
  abort(): void {
    this.aborted = true;
    this.notifyConsumer();
    for (const resolve of this.waitingProducers.splice(0)) {
      resolve();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly FlowRecord[]> {
    for (;;) {
      if (this.aborted) {
        throw new ChannelAbortedError();
      }
      const batch = this.queue.shift();
      if (batch !== undefined) {
        this.waitingProducers.shift()?.();
        yield batch;
        continue;
      }
      if (this.producers <= 0) {
        return;
      }
      await new Promise<void>((resolve) => {
        this.wakeConsumer = resolve;
      });
    }
  }

  private notifyConsumer(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }
}
