import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { durationToMs, formatDurationSetting } from './duration.js';

describe('durationToMs', () => {
  it('reads every unit', () => {
    expect(durationToMs(15)).toBe(15);
    expect(durationToMs('15ms')).toBe(15);
    expect(durationToMs('2s')).toBe(2_000);
    expect(durationToMs('0.5m')).toBe(30_000);
    expect(durationToMs('1h')).toBe(3_600_000);
    expect(durationToMs('30d')).toBe(2_592_000_000);
  });

  it('names the field of a malformed duration', () => {
    const attempt = (): unknown => durationToMs('2 seconds', 'timeout');
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow("timeout '2 seconds' is not a duration; write milliseconds or a number with ms, s, m, h or d, such as 2s");
  });

  it('rejects a negative number of milliseconds', () => {
    expect(() => durationToMs(-5, 'due')).toThrow('due (-5) must be a duration of 0 or more milliseconds');
  });

  it('formats a setting as written', () => {
    expect([formatDurationSetting(250), formatDurationSetting('2s')]).toEqual(['250ms', '2s']);
  });
});
