/**
 * A node's retry policy as the runtime hands it to the node (`NodeContext.retryPolicy`): the flow
 * node's `retry` field with durations in milliseconds and every missing field taken from
 * {@link DEFAULT_RETRY_SETTINGS}. The loader and the runtime check the field with
 * `validateRetryPolicy` (engine/runtime/retry-policy.ts); `NodeContext.retry` applies it.
 */

export interface RetrySettings {
  /** Attempts in all, the first one included; 1 means no retry. */
  readonly maximumAttempts: number;
  /** Delay before the second attempt, in milliseconds. */
  readonly initialIntervalMs: number;
  /** Each further delay is the previous one times this factor, at least 1. */
  readonly backoffCoefficient: number;
  /**
   * Upper bound of a computed delay, in milliseconds. A remote side that asks (`Retry-After`) for a
   * longer wait ends the retries instead.
   */
  readonly maximumIntervalMs: number;
  /** Fraction of each delay drawn at random, 0 to 1, so that clients that failed together do not retry together. */
  readonly jitter: number;
  /** Error class names (the error's class or one it extends, such as `TransientError`) that are never retried. */
  readonly nonRetryableErrors: readonly string[];
}

/**
 * The policy of a node whose flow entry has no `retry` field, and the value of each field it leaves
 * out: 3 attempts, 1 s before the second, doubling up to 30 s, with a fifth of each delay random.
 * When only `initialInterval` is given and it exceeds 30 s, the maximum rises to match it.
 */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maximumAttempts: 3,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 30_000,
  jitter: 0.2,
  nonRetryableErrors: [],
};

/**
 * Returns the delay in milliseconds after failed attempt number `attempt` (1-based): the initial
 * interval times the backoff coefficient per earlier retry, capped at the maximum interval, of
 * which the jitter fraction is drawn at random (`random` returns 0 to 1).
 */
export function retryDelayMs(settings: RetrySettings, attempt: number, random: () => number = Math.random): number {
  const grown = settings.initialIntervalMs * settings.backoffCoefficient ** Math.max(0, attempt - 1);
  const capped = Math.min(grown, settings.maximumIntervalMs);
  return Math.round(capped * (1 - settings.jitter) + capped * settings.jitter * random());
}
