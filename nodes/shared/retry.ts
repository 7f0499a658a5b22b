/**
 * Retries an operation under a node's retry policy. Only TransientErrors are retried. A delay the
 * remote side requested (`TransientError.retryAfterMs`, from `Retry-After`) replaces the computed
 * backoff. A requested delay longer than the policy's maximum interval ends the retries, so that
 * one record cannot hold up a run for as long as a server likes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { retryDelayMs, TransientError, type Logger, type RetrySettings } from '../../engine/sdk/index.js';

export type RetryResult<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

export interface RetryOptions {
  settings: RetrySettings;
  /** The run's signal: a cancelled run stops waiting and rethrows the abort. */
  signal: AbortSignal;
  logger?: Logger;
  /** Fields added to the retry log line, such as the record key. Never a secret. */
  logFields?: Record<string, unknown>;
  random?: () => number;
}

/**
 * Calls `operation` until it succeeds, fails with an error that is not retried, or runs out of
 * attempts. Returns the outcome with the number of attempts made; throws only when the signal
 * aborts during a wait.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryResult<T>> {
  const { settings } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await operation(attempt), attempts: attempt };
    } catch (error) {
      if (options.signal.aborted) {
        throw error;
      }
      if (!(error instanceof TransientError) || settings.nonRetryableErrors.includes(error.name) || attempt >= settings.maximumAttempts) {
        return { ok: false, error, attempts: attempt };
      }
      const requested = error.retryAfterMs;
      if (requested !== undefined && requested > settings.maximumIntervalMs) {
        const message = `${error.message}; the server asked to wait ${formatSeconds(requested)}, longer than the retry policy's maximumInterval of ${formatSeconds(settings.maximumIntervalMs)}`;
        return { ok: false, error: new TransientError(message, requested, { cause: error }), attempts: attempt };
      }
      const delayMs = requested ?? retryDelayMs(settings, attempt, options.random);
      options.logger?.warn({ ...options.logFields, attempt, delayMs, error: error.message }, 'retrying after a transient failure');
      await sleep(delayMs, undefined, { signal: options.signal });
    }
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
