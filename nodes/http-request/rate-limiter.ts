/**
 * A token bucket: it holds up to `burst` tokens and gains `requestsPerSecond` of them per second.
 * Each request takes one token, waiting while the bucket is empty, so a node never sends faster
 * than the configured rate once its burst is spent.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The time source of a bucket; tests pass a virtual one. */
export interface Clock {
  /** Milliseconds from an arbitrary start. */
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    await sleep(ms, undefined, { signal });
  },
};

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly requestsPerSecond: number,
    private readonly burst: number = Math.max(1, Math.ceil(requestsPerSecond)),
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = burst;
    this.updatedAt = clock.now();
  }

  /** Waits until a token is free and takes it. Rejects when `signal` aborts. */
  async take(signal: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.requestsPerSecond) * 1000;
      await this.clock.sleep(Math.ceil(waitMs), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.requestsPerSecond);
    this.updatedAt = now;
  }
}
