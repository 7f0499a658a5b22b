/**
 * The retry loop behind `NodeContext.retry`. Only `TransientError`s are retried: input errors and
 * bugs fail the same way every time, and so do errors whose class the policy names as
 * non-retryable. Waits are cut short when the run is cancelled.
 */
import { errorKind, errorMessage, TransientError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RetryOptions, RetryOutcome } from '../sdk/node-kind.js';
import { retryDelayMs, type RetrySettings } from '../sdk/retry-policy.js';

export interface RetryEnvironment {
  settings: RetrySettings;
  signal: AbortSignal;
  logger: Logger;
  /** Waits `ms` milliseconds or until `signal` aborts; replaced in tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Runs `operation` under the retry policy; see {@link RetryEnvironment}. */
export async function retryOperation<T>(
  environment: RetryEnvironment,
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<RetryOutcome<T>> {
  const { settings, signal, logger } = environment;
  const sleep = environment.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    throwIfCancelled(signal);
    try {
      return { ok: true, value: await operation(attempt), attempts: attempt };
    } catch (error) {
      if (!isRetryable(error, settings) || attempt >= settings.maximumAttempts) {
        return { ok: false, error, attempts: attempt };
      }
      // A delay the remote side asked for replaces the computed one, because retrying sooner only
      // earns another refusal. One longer than the maximum interval ends the retries, so that one
      // record cannot hold up a run for as long as a server likes.
      const requested = error instanceof TransientError ? error.retryAfterMs : undefined;
      if (requested !== undefined && requested > settings.maximumIntervalMs) {
        const message = `${errorMessage(error)}; the server asked to wait ${formatSeconds(requested)}, longer than the retry policy's maximumInterval of ${formatSeconds(settings.maximumIntervalMs)}`;
        return { ok: false, error: new TransientError(message, requested, { cause: error }), attempts: attempt };
      }
      const delayMs = requested ?? retryDelayMs(settings, attempt, environment.random);
      logger.warn({ ...options.logFields, recordKey: options.record?.key ?? null, attempt, delayMs, error: errorMessage(error) }, 'retrying after a transient error');
      await sleep(delayMs, signal);
    }
  }
}

/** Tells whether an error may succeed on another attempt under `settings`. */
export function isRetryable(error: unknown, settings: RetrySettings): boolean {
  if (errorKind(error) !== 'transient') {
    return false;
  }
  return !errorClassNames(error).some((name) => settings.nonRetryableErrors.includes(name));
}

/** The error's name and the names of the classes it extends, so naming a base class covers its subclasses. */
function errorClassNames(error: unknown): string[] {
  const names = error instanceof Error ? [error.name] : [];
  for (let prototype: unknown = Object.getPrototypeOf(error); prototype !== null && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    const name = (prototype as { constructor?: { name?: string } }).constructor?.name;
    if (name !== undefined && name !== '') {
      names.push(name);
    }
  }
  return names;
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) {
    throw new TransientError('retry stopped: the run was cancelled');
  }
}

async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
  throwIfCancelled(signal);
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
