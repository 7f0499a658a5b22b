import { describe, expect, it } from 'vitest';
import { InputError, InternalError, TransientError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from '../sdk/retry-policy.js';
import { retryOperation } from './retry.js';

class RateLimitError extends TransientError {}

function environment(settings: Partial<RetrySettings> = {}, signal = new AbortController().signal) {
  const waits: number[] = [];
  return {
    waits,
    environment: {
      settings: { ...DEFAULT_RETRY_SETTINGS, jitter: 0, ...settings },
      signal,
      logger: silentLogger,
      random: () => 0.5,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    },
  };
}

/** An operation that throws the given errors in turn, then returns `done`. */
function failing(...errors: Error[]) {
  let calls = 0;
  return async (): Promise<string> => {
    const error = errors[calls++];
    if (error !== undefined) {
      throw error;
    }
    return 'done';
  };
}

describe('retryOperation', () => {
  it('retries transient errors with exponential backoff', async () => {
    const { waits, environment: env } = environment({ maximumAttempts: 4, initialIntervalMs: 100, backoffCoefficient: 3 });
    const outcome = await retryOperation(env, failing(new TransientError('503'), new TransientError('503'), new TransientError('503')));
    expect(outcome).toEqual({ ok: true, value: 'done', attempts: 4 });
    expect(waits).toEqual([100, 300, 900]);
  });

  it('returns the last error and the attempts when they run out', async () => {
    const { environment: env } = environment({ maximumAttempts: 2, initialIntervalMs: 1 });
    const outcome = await retryOperation(env, failing(new TransientError('first'), new TransientError('second')));
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(2);
    expect(!outcome.ok && (outcome.error as Error).message).toBe('second');
  });

  it('waits as long as Retry-After asks', async () => {
    const { waits, environment: env } = environment({ initialIntervalMs: 100, maximumIntervalMs: 10_000 });
    await retryOperation(env, failing(new TransientError('429', 5_000)));
    expect(waits).toEqual([5_000]);
  });

  it('gives up when Retry-After exceeds the maximum interval', async () => {
    const { waits, environment: env } = environment({ initialIntervalMs: 100, maximumIntervalMs: 2_000 });
    const outcome = await retryOperation(env, failing(new TransientError('HTTP 429', 90_000)));
    expect(waits).toEqual([]);
    expect(outcome.attempts).toBe(1);
    expect(!outcome.ok && (outcome.error as Error).message).toBe("HTTP 429; the server asked to wait 90 s, longer than the retry policy's maximumInterval of 2 s");
  });

  it('never retries input errors or bugs', async () => {
    for (const error of [new InputError('bad uom'), new InternalError('bug'), new TypeError('not ours')]) {
      const { waits, environment: env } = environment();
      const outcome = await retryOperation(env, failing(error));
      expect(outcome).toEqual({ ok: false, error, attempts: 1 });
      expect(waits).toEqual([]);
    }
  });

  it('never retries classes named non-retryable', async () => {
    const { environment: byName } = environment({ nonRetryableErrors: ['RateLimitError'] });
    expect((await retryOperation(byName, failing(new RateLimitError('429')))).attempts).toBe(1);
    const { environment: byBase } = environment({ nonRetryableErrors: ['TransientError'] });
    expect((await retryOperation(byBase, failing(new RateLimitError('429')))).attempts).toBe(1);
  });

  it('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    const { environment: env } = environment({}, controller.signal);
    env.sleep = async () => {
      controller.abort();
    };
    await expect(retryOperation(env, failing(new TransientError('503'), new TransientError('503')))).rejects.toThrow(
      'retry stopped: the run was cancelled',
    );
  });

  it('cuts a real wait short on cancellation', async () => {
    const controller = new AbortController();
    const env = { settings: { ...DEFAULT_RETRY_SETTINGS, initialIntervalMs: 3_600_000, maximumIntervalMs: 3_600_000 }, signal: controller.signal, logger: silentLogger };
    const running = retryOperation(env, failing(new TransientError('503')));
    setTimeout(() => controller.abort(), 10);
    await expect(running).rejects.toThrow('retry stopped: the run was cancelled');
  });
});
