/**
 * Durations in flow files and on the command line: a number of milliseconds, or text such as
 * `500ms`, `2s`, `1.5m`, `1h` or `30d`.
 */
import { InputError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Pattern of a duration written as text. */
export const DURATION_TEXT_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$';

/** Converts a duration to milliseconds; throws an InputError naming `field` when it is malformed or negative. */
export function durationToMs(duration: number | string, field = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) {
      throw new InputError(`${field} (${duration}) must be a duration of 0 or more milliseconds`, { field });
    }
    return duration;
  }
  const match = new RegExp(DURATION_TEXT_PATTERN).exec(duration.trim());
  if (match === null) {
    throw new InputError(`${field} '${duration}' is not a duration; write milliseconds or a number with ms, s, m, h or d, such as 2s`, { field });
  }
  const unit = /(ms|s|m|h|d)$/.exec(match[0])?.[1] as string;
  return Math.round(Number(match[0].slice(0, -unit.length)) * (UNIT_MS[unit] as number));
}

/** Formats a duration as it was written: text as is, a number as `<n>ms`. */
export function formatDurationSetting(duration: number | string): string {
  return typeof duration === 'number' ? `${duration}ms` : duration;
}
