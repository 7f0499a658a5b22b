import { describe, expect, it } from 'vitest';
import { isTruthy } from './truthiness.js';

describe('isTruthy', () => {
  it.each([
    [true, true],
    [false, false],
    ['x', true],
    ['', false],
    [1, true],
    [0, false],
    [null, false],
    [undefined, false],
    [[], false],
    [[0, ''], false],
    [[0, 'x'], true],
    [{}, false],
    [{ a: 1 }, true],
    [() => 1, false],
    [{ _jsonata_lambda: true }, false],
  ])('casts %j to %s as JSONata does', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});
