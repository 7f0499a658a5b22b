import { describe, expect, it } from 'vitest';
import { cleanText, parseNumber, toNfc } from './text.js';

describe('parseNumber', () => {
  it.each([
    ['1,234.56', '.', 1234.56],
    ['1.234,56', ',', 1234.56],
    ['1.234.567,8', ',', 1234567.8],
    ['1 234,5', ',', 1234.5],
    ['1\u00a0234,5', ',', 1234.5],
    ["1'234.50", '.', 1234.5],
    ['12,5', ',', 12.5],
    ['12.5', '.', 12.5],
    ['0,05', ',', 0.05],
    [',5', ',', 0.5],
    ['-3,25', ',', -3.25],
    ['+7', '.', 7],
    ['12,50-', ',', -12.5],
    ['1.5E3', '.', 1500],
    ['  42  ', '.', 42],
    ['1,234', '.', 1234],
    ['1.234', ',', 1234],
    ['1,234', ',', 1.234],
  ])('reads %j with decimal separator %s', (text, separator, expected) => {
    expect(parseNumber(text, separator as '.' | ',')).toBe(expected);
  });

  it.each([
    ['12,x', ','],
    ['12.5', ','],
    ['1234,56', '.'],
    ['1,23,456', '.'],
    ['1.234 567,8', ','],
    ['', '.'],
    ['   ', '.'],
    ['-', '.'],
    ['.', '.'],
    ['+5-', '.'],
    ['€ 12', '.'],
    ['12 kg', '.'],
    ['0x1A', '.'],
    ['Infinity', '.'],
    ['NaN', '.'],
    ['1e999', '.'],
  ])('returns undefined for %j with %s', (text, separator) => {
    expect(parseNumber(text, separator as '.' | ',')).toBeUndefined();
  });

  it('defaults to a decimal point', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('1.234,5')).toBeUndefined();
  });

  it('passes finite numbers through and rejects other types', () => {
    expect(parseNumber(12.5)).toBe(12.5);
    expect(parseNumber(Number.NaN)).toBeUndefined();
    expect(parseNumber(true)).toBeUndefined();
    expect(parseNumber(null)).toBeUndefined();
    expect(parseNumber(undefined)).toBeUndefined();
  });
});

describe('toNfc', () => {
  it('composes decomposed text', () => {
    const decomposed = 'Cafe\u0301 Mu\u0308ller';
    expect(decomposed).toHaveLength(13);
    expect(toNfc(decomposed)).toBe('Café Müller');
    expect(toNfc(decomposed)).toHaveLength(11);
  });

  it('leaves composed text unchanged', () => {
    expect(toNfc('Café Müller')).toBe('Café Müller');
  });
});

describe('cleanText', () => {
  it('trims and collapses inner whitespace', () => {
    expect(cleanText('  Schraube \t M8 \n x 40  ')).toBe('Schraube M8 x 40');
  });

  it('replaces no-break spaces', () => {
    expect(cleanText('10\u00a0mm\u202fdrill')).toBe('10 mm drill');
  });

  it('makes NFD and NFC input equal', () => {
    expect(cleanText(' Gru\u0308ntee ')).toBe(cleanText('Grüntee'));
    expect(cleanText(' Gru\u0308ntee ')).toBe('Grüntee');
  });

  it('returns an empty string for whitespace only', () => {
    expect(cleanText(' \t\n ')).toBe('');
  });
});
