import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { DEFAULT_RETRY_SETTINGS } from '../sdk/retry-policy.js';
import { retryPolicyProblems, validateRetryPolicy } from './retry-policy.js';

describe('validateRetryPolicy', () => {
  it('returns the defaults for a node without retry', () => {
    expect(validateRetryPolicy(undefined)).toEqual(DEFAULT_RETRY_SETTINGS);
  });

  it('fills missing fields and converts durations', () => {
    expect(validateRetryPolicy({ maximumAttempts: 5, initialInterval: '250ms', maximumInterval: '1.5m', jitter: 0 })).toEqual({
      maximumAttempts: 5,
      initialIntervalMs: 250,
      backoffCoefficient: 2,
      maximumIntervalMs: 90_000,
      jitter: 0,
      nonRetryableErrors: [],
    });
  });

  it('raises the default maximum to a larger initial interval', () => {
    expect(validateRetryPolicy({ initialInterval: '1m' }).maximumIntervalMs).toBe(60_000);
  });

  it('rejects a maximum interval below the initial one', () => {
    const attempt = (): unknown => validateRetryPolicy({ initialInterval: '2s', maximumInterval: '1s' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('retry.maximumInterval (1s) must not be less than retry.initialInterval (2s)');
  });

  it('names milliseconds given as numbers', () => {
    expect(() => validateRetryPolicy({ initialInterval: 500, maximumInterval: 200 })).toThrow(
      'retry.maximumInterval (200ms) must not be less than retry.initialInterval (500ms)',
    );
  });
});

describe('retryPolicyProblems', () => {
  it('reports every broken rule by field', () => {
    expect(
      retryPolicyProblems({ maximumAttempts: 0, initialInterval: 'soon', backoffCoefficient: 0.5, jitter: 2, nonRetryableErrors: ['Transient Error'] }),
    ).toEqual([
      { field: 'retry.maximumAttempts', message: 'retry.maximumAttempts (0) must be a whole number of at least 1; 1 means no retry' },
      {
        field: 'retry.initialInterval',
        message: 'retry.initialInterval (soon) is not a duration; write milliseconds or a number with ms, s, m or h, such as 2s',
      },
      { field: 'retry.backoffCoefficient', message: 'retry.backoffCoefficient (0.5) must be at least 1, so that delays never shrink' },
      { field: 'retry.jitter', message: 'retry.jitter (2) must be between 0 and 1' },
      { field: 'retry.nonRetryableErrors.0', message: "retry.nonRetryableErrors.0 ('Transient Error') must be an error class name such as TransientError" },
    ]);
  });

  it('accepts a sound policy', () => {
    expect(retryPolicyProblems({ maximumAttempts: 4, initialInterval: '1s', maximumInterval: '1s', backoffCoefficient: 1.5, jitter: 0.1 })).toEqual([]);
  });
});
