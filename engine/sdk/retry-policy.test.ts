import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { DEFAULT_RETRY_SETTINGS, durationToMs, resolveRetryPolicy, retryDelayMs } from './retry-policy.js';

describe('resolveRetryPolicy', () => {
  it('fills a missing policy with the defaults', () => {
    expect(resolveRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_SETTINGS);
  });

  it('converts durations to milliseconds', () => {
    const settings = resolveRetryPolicy({ maximumAttempts: 5, initialInterval: '250ms', maximumInterval: '1.5m', jitter: 0 });
    expect(settings.maximumAttempts).toBe(5);
    expect(settings.initialIntervalMs).toBe(250);
    expect(settings.maximumIntervalMs).toBe(90_000);
    expect(settings.backoffCoefficient).toBe(2);
  });

  it('raises the default maximum to a larger initial interval', () => {
    expect(resolveRetryPolicy({ initialInterval: '1m' }).maximumIntervalMs).toBe(60_000);
  });

  it('rejects a maximum interval below the initial one', () => {
    const attempt = (): unknown => resolveRetryPolicy({ initialInterval: '2s', maximumInterval: '1s' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('retry.maximumInterval (1000 ms) must not be below retry.initialInterval (2000 ms)');
  });
});

describe('durationToMs', () => {
  it('reads every unit', () => {
    expect(durationToMs(15)).toBe(15);
    expect(durationToMs('15ms')).toBe(15);
    expect(durationToMs('2s')).toBe(2_000);
    expect(durationToMs('0.5m')).toBe(30_000);
    expect(durationToMs('1h')).toBe(3_600_000);
  });

  it('names the field of a malformed duration', () => {
    expect(() => durationToMs('2 seconds', 'timeout')).toThrow("timeout '2 seconds' is not a duration");
  });
});

describe('retryDelayMs', () => {
  const settings = { ...DEFAULT_RETRY_SETTINGS, initialIntervalMs: 100, maximumIntervalMs: 1_000, jitter: 0 };

  it('grows by the backoff coefficient up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(settings, attempt))).toEqual([100, 200, 400, 800, 1_000]);
  });

  it('draws the jitter fraction at random', () => {
    const jittered = { ...settings, jitter: 0.5 };
    expect(retryDelayMs(jittered, 1, () => 0)).toBe(50);
    expect(retryDelayMs(jittered, 1, () => 1)).toBe(100);
  });
});
