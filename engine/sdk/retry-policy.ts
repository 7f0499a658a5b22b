/**
 * A node's retry policy as the runtime hands it to the node: the flow node's `retry` field with
 * durations turned into milliseconds and every missing field filled from
 * {@link DEFAULT_RETRY_SETTINGS}. Nodes that call remote systems retry `TransientError`s with it.
 */
import { InputError } from '../errors.js';
import type { Duration, RetryPolicy } from '../flow/flow-schema.js';

export interface RetrySettings {
  /** Attempts in all, the first one included; 1 means no retry. */
  readonly maximumAttempts: number;
  /** Delay before the second attempt, in milliseconds. */
  readonly initialIntervalMs: number;
  /** Each further delay is the previous one times this factor. */
  readonly backoffCoefficient: number;
  /** Upper bound of a computed delay, in milliseconds. */
  readonly maximumIntervalMs: number;
  /** Fraction of each delay drawn at random, 0 to 1, so that clients that failed together do not retry together. */
  readonly jitter: number;
  /** Error class names (`TransientError`, ...) that are never retried. */
  readonly nonRetryableErrors: readonly string[];
}

/** The policy of a node whose flow entry has no `retry` field, and the value of each field it leaves out. */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maximumAttempts: 3,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 30_000,
  jitter: 0.2,
  nonRetryableErrors: [],
};

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Converts a duration (milliseconds, or text such as `500ms`, `2s`, `1.5m`, `1h`) to milliseconds. */
export function durationToMs(duration: Duration, field = 'duration'): number {
  if (typeof duration === 'number') {
    return duration;
  }
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(duration);
  if (match === null) {
    throw new InputError(`${field} '${duration}' is not a duration; write milliseconds or a number with ms, s, m or h, such as 2s`, { field });
  }
  return Math.round(Number(match[1]) * (DURATION_UNITS_MS[match[2] as string] as number));
}

/**
 * Fills a flow node's retry policy with defaults. Throws an InputError naming the field when the
 * policy contradicts itself (a maximum interval below the initial one).
 */
export function resolveRetryPolicy(policy: RetryPolicy | undefined): RetrySettings {
  const defaults = DEFAULT_RETRY_SETTINGS;
  const initialIntervalMs = policy?.initialInterval === undefined ? defaults.initialIntervalMs : durationToMs(policy.initialInterval, 'retry.initialInterval');
  const maximumIntervalMs =
    policy?.maximumInterval === undefined ? Math.max(defaults.maximumIntervalMs, initialIntervalMs) : durationToMs(policy.maximumInterval, 'retry.maximumInterval');
  if (maximumIntervalMs < initialIntervalMs) {
    throw new InputError(`retry.maximumInterval (${maximumIntervalMs} ms) must not be below retry.initialInterval (${initialIntervalMs} ms)`, {
      field: 'retry.maximumInterval',
    });
  }
  return {
    maximumAttempts: policy?.maximumAttempts ?? defaults.maximumAttempts,
    initialIntervalMs,
    backoffCoefficient: policy?.backoffCoefficient ?? defaults.backoffCoefficient,
    maximumIntervalMs,
    jitter: policy?.jitter ?? defaults.jitter,
    nonRetryableErrors: policy?.nonRetryableErrors ?? defaults.nonRetryableErrors,
  };
}

/**
 * Returns the delay in milliseconds after failed attempt number `attempt` (1-based): the initial
 * interval grown by the backoff coefficient per attempt, capped at the maximum interval, with the
 * jitter fraction of it drawn at random.
 */
export function retryDelayMs(settings: RetrySettings, attempt: number, random: () => number = Math.random): number {
  const grown = settings.initialIntervalMs * settings.backoffCoefficient ** Math.max(0, attempt - 1);
  const capped = Math.min(grown, settings.maximumIntervalMs);
  return Math.round(capped * (1 - settings.jitter) + capped * settings.jitter * random());
}
