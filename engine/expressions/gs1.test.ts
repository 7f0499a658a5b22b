import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { describeInvalidGtin, gs1CheckDigit, isValidGln, isValidGtin, isValidSscc, normalizeGtin } from './gs1.js';

describe('gs1CheckDigit', () => {
  it('computes the mod-10 digit for each key length', () => {
    expect(gs1CheckDigit('9638507')).toBe(4);
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('629104150021')).toBe(3);
    expect(gs1CheckDigit('1001234567890')).toBe(2);
    expect(gs1CheckDigit('12345678901234567')).toBe(5);
  });

  it('returns 0 when the sum is a multiple of ten', () => {
    expect(gs1CheckDigit('061414100000')).toBe(5);
    expect(gs1CheckDigit('0000000000000')).toBe(0);
  });

  it('returns undefined for non-digits and empty input', () => {
    expect(gs1CheckDigit('')).toBeUndefined();
    expect(gs1CheckDigit('12a4')).toBeUndefined();
    expect(gs1CheckDigit(' 123')).toBeUndefined();
  });
});

describe('isValidGtin', () => {
  it.each([
    ['GTIN-8', '96385074'],
    ['GTIN-12', '036000291452'],
    ['GTIN-13', '4006381333931'],
    ['GTIN-13 worked example', '6291041500213'],
    ['GTIN-14', '10012345678902'],
    ['GTIN-12 padded to 14', '00036000291452'],
  ])('accepts a valid %s', (_name, code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '4006381333932'],
    ['a GTIN-12 wrong check digit', '036000291453'],
    ['11 digits', '03600029145'],
    ['18 digits', '123456789012345675'],
    ['a trailing space', '4006381333931 '],
    ['an inner space', '4006381 333931'],
    ['a dash', '400638-1333931'],
    ['letters', '40063813339X1'],
    ['an empty string', ''],
    ['full-width digits', '４００６３８１３３３９３１'],
  ])('rejects %s without throwing', (_name, code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  it('reads safe integers as their digits', () => {
    expect(isValidGtin(4006381333931)).toBe(true);
    expect(isValidGtin(36000291452)).toBe(false);
    expect(isValidGtin(-96385074)).toBe(false);
    expect(isValidGtin(4006381333931.5)).toBe(false);
  });

  it('rejects values that are not text or numbers', () => {
    expect(isValidGtin(undefined)).toBe(false);
    expect(isValidGtin(null)).toBe(false);
    expect(isValidGtin(['4006381333931'])).toBe(false);
  });
});

describe('normalizeGtin', () => {
  it('pads every valid length to 14 digits', () => {
    expect(normalizeGtin('96385074')).toBe('00000096385074');
    expect(normalizeGtin('036000291452')).toBe('00036000291452');
    expect(normalizeGtin('4006381333931')).toBe('04006381333931');
    expect(normalizeGtin('10012345678902')).toBe('10012345678902');
  });

  it('returns undefined for an invalid GTIN', () => {
    expect(normalizeGtin('4006381333932')).toBeUndefined();
    expect(normalizeGtin('4006381333931 ')).toBeUndefined();
  });
});

describe('describeInvalidGtin', () => {
  it('names the reason a code fails', () => {
    expect(describeInvalidGtin('0123456789013')).toBe('fails the GTIN check digit');
    expect(describeInvalidGtin('12345')).toBe('is not a GTIN: it has 5 digits; a GTIN has 8, 12, 13 or 14');
    expect(describeInvalidGtin('12 45')).toBe('is not a GTIN: it must contain only the digits 0-9');
    expect(describeInvalidGtin('')).toBe('is empty; a GTIN has 8, 12, 13 or 14 digits');
    expect(describeInvalidGtin('4006381333931')).toBeUndefined();
  });
});

describe('isValidGln and isValidSscc', () => {
  it('check 13 and 18 digit keys', () => {
    expect(isValidGln('0614141000005')).toBe(true);
    expect(isValidGln('4012345000009')).toBe(true);
    expect(isValidGln('4012345000008')).toBe(false);
    expect(isValidGln('061414100000')).toBe(false);
    expect(isValidSscc('006141410000000005')).toBe(true);
    expect(isValidSscc('006141410000000006')).toBe(false);
    expect(isValidSscc('06141410000000005')).toBe(false);
  });
});

describe.skipIf(SKIP_REALDATA)('GS1 keys found in the public sample files', () => {
  interface SampleKey {
    value: string;
    kind: string;
    digits: string;
    gs1_check_digit_valid: string;
  }
  const rows = (): SampleKey[] =>
    parse<SampleKey>(readFileSync(realdataPath('gs1', 'gtin_sscc_gln_values_found_in_samples.csv'), 'utf8'), { columns: true, bom: true });

  it('agree with the check digit results listed for them', () => {
    const checked = rows().filter((row) => ['8', '12', '13', '14', '18'].includes(row.digits));
    expect(checked.length).toBeGreaterThan(100);
    for (const row of checked) {
      const expected = row.gs1_check_digit_valid === 'yes';
      const actual = row.digits === '18' ? isValidSscc(row.value) : row.kind.startsWith('GLN') ? isValidGln(row.value) : isValidGtin(row.value);
      expect(actual, `${row.kind} ${row.value}`).toBe(expected);
    }
  });

  it('include invalid codes that real partners sent', () => {
    const invalid = rows().filter((row) => row.gs1_check_digit_valid !== 'yes' && row.digits === '13');
    expect(invalid.length).toBeGreaterThan(0);
    for (const row of invalid) {
      expect(describeInvalidGtin(row.value), row.value).toBe('fails the GTIN check digit');
    }
  });
});
