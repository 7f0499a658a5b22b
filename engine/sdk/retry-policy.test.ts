import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SETTINGS, retryDelayMs } from './retry-policy.js';

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
