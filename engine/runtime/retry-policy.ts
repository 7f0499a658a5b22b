/**
 * Checking and resolving a node's `retry` field. The flow loader reports every problem by field
 * before a run starts; the runtime resolves the field into the {@link RetrySettings} a node gets.
 */
import { InputError } from '../errors.js';
import type { Duration, RetryPolicy } from '../flow/flow-schema.js';
import { durationToMs, formatDurationSetting } from '../sdk/duration.js';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from '../sdk/retry-policy.js';

/** A rule a retry policy breaks, with the dotted field it concerns (`retry.maximumInterval`). */
export interface RetryPolicyProblem {
  field: string;
  message: string;
}

/** Error class names are identifiers: `TransientError`, `HttpStatusError`. */
const ERROR_CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Returns every rule `policy` breaks, each message naming the field, the value and the rule, for
 * example `retry.maximumInterval (1s) must not be less than retry.initialInterval (2s)`.
 */
export function retryPolicyProblems(policy: RetryPolicy): RetryPolicyProblem[] {
  const problems: RetryPolicyProblem[] = [];
  const report = (field: string, message: string): void => {
    problems.push({ field: `retry.${field}`, message: `retry.${field} ${message}` });
  };
  if (policy.maximumAttempts !== undefined && (!Number.isInteger(policy.maximumAttempts) || policy.maximumAttempts < 1)) {
    report('maximumAttempts', `(${policy.maximumAttempts}) must be a whole number of at least 1; 1 means no retry`);
  }
  const initial = readDuration(policy.initialInterval, 'initialInterval', report);
  const maximum = readDuration(policy.maximumInterval, 'maximumInterval', report);
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    report('backoffCoefficient', `(${policy.backoffCoefficient}) must be at least 1, so that delays never shrink`);
  }
  if (policy.jitter !== undefined && !(policy.jitter >= 0 && policy.jitter <= 1)) {
    report('jitter', `(${policy.jitter}) must be between 0 and 1`);
  }
  if (initial !== undefined && maximum !== undefined && maximum < initial) {
    report(
      'maximumInterval',
      `(${formatDurationSetting(policy.maximumInterval as Duration)}) must not be less than retry.initialInterval (${formatDurationSetting(policy.initialInterval as Duration)})`,
    );
  }
  (policy.nonRetryableErrors ?? []).forEach((name, index) => {
    if (!ERROR_CLASS_NAME.test(name)) {
      report(`nonRetryableErrors.${index}`, `('${name}') must be an error class name such as TransientError`);
    }
  });
  return problems;
}

/**
 * Checks a node's `retry` field and returns it resolved: durations in milliseconds, missing fields
 * from {@link DEFAULT_RETRY_SETTINGS}. Throws an InputError listing every problem.
 */
export function validateRetryPolicy(policy: RetryPolicy | undefined): RetrySettings {
  if (policy === undefined) {
    return DEFAULT_RETRY_SETTINGS;
  }
  const problems = retryPolicyProblems(policy);
  if (problems.length > 0) {
    throw new InputError(problems.map((problem) => problem.message).join('; '), { field: problems[0]?.field ?? 'retry' });
  }
  const initialIntervalMs = policy.initialInterval === undefined ? DEFAULT_RETRY_SETTINGS.initialIntervalMs : durationToMs(policy.initialInterval);
  const maximumIntervalMs =
    policy.maximumInterval === undefined ? Math.max(DEFAULT_RETRY_SETTINGS.maximumIntervalMs, initialIntervalMs) : durationToMs(policy.maximumInterval);
  return {
    maximumAttempts: policy.maximumAttempts ?? DEFAULT_RETRY_SETTINGS.maximumAttempts,
    initialIntervalMs,
    backoffCoefficient: policy.backoffCoefficient ?? DEFAULT_RETRY_SETTINGS.backoffCoefficient,
    maximumIntervalMs,
    jitter: policy.jitter ?? DEFAULT_RETRY_SETTINGS.jitter,
    nonRetryableErrors: policy.nonRetryableErrors ?? DEFAULT_RETRY_SETTINGS.nonRetryableErrors,
  };
}

function readDuration(value: Duration | undefined, field: string, report: (field: string, message: string) => void): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return durationToMs(value, `retry.${field}`);
  } catch {
    report(field, `(${formatDurationSetting(value)}) is not a duration; write milliseconds or a number with ms, s, m or h, such as 2s`);
    return undefined;
  }
}
