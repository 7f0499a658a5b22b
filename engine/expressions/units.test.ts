import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { convertUnit, findUnit, UNITS, type UnitDimension } from './units.js';

describe('convertUnit', () => {
  it.each([
    [1, 'KGM', 'GRM', 1000],
    [2500, 'GRM', 'KGM', 2.5],
    [1, 'LBR', 'GRM', 453.59237],
    [16, 'ONZ', 'LBR', 1],
    [1, 'TNE', 'LBR', 2204.62262184878],
    [250, 'MGM', 'GRM', 0.25],
    [1, 'INH', 'MMT', 25.4],
    [3, 'FOT', 'YRD', 1],
    [120, 'CMT', 'MTR', 1.2],
    [1, 'GLL', 'LTR', 3.785411784],
    [1, 'GLI', 'LTR', 4.54609],
    [500, 'MLT', 'LTR', 0.5],
    [1, 'LTR', 'DMQ', 1],
    [128, 'OZA', 'GLL', 1],
    [1, 'FTK', 'CMK', 929.0304],
    [3, 'DZN', 'C62', 36],
    [1, 'DZN', 'PR', 6],
    [2, 'GRO', 'DZN', 24],
    [5, 'H87', 'EA', 5],
  ])('converts %d %s to %s', (value, from, to, expected) => {
    expect(convertUnit(value, from, to)).toBe(expected);
  });

  it('returns the value unchanged for the same unit', () => {
    expect(convertUnit(0.1 + 0.2, 'KGM', 'KGM')).toBe(0.1 + 0.2);
  });

  it('accepts codes in any letter case and with spaces around', () => {
    expect(convertUnit(1, ' kgm', 'grm ')).toBe(1000);
  });

  it('rejects units of different dimensions', () => {
    expect(() => convertUnit(1, 'KGM', 'LTR')).toThrow(InputError);
    expect(() => convertUnit(1, 'KGM', 'LTR')).toThrow('cannot convert KGM (mass) to LTR (volume): the units measure different things');
  });

  it('rejects an unknown code and lists the known ones', () => {
    expect(() => convertUnit(1, 'KG', 'GRM')).toThrow(/^unknown unit code 'KG': use one of these UN\/ECE Recommendation 20 codes: KGM, GRM, /);
  });

  it('does not treat inherited object keys as units', () => {
    expect(findUnit('constructor')).toBeUndefined();
    expect(findUnit('toString')).toBeUndefined();
  });
});

describe.skipIf(SKIP_REALDATA)('unit table against UN/ECE Recommendation 20', () => {
  interface Rec20Row {
    commonCode: string;
    name: string;
    factor_to_base: string;
    base_unit: string;
    base_commonCode: string;
  }
  const rec20 = new Map(
    parse<Rec20Row>(readFileSync(realdataPath('uom', 'unece_rec20_active_units.csv'), 'utf8'), { columns: true, bom: true }).map((row) => [row.commonCode, row]),
  );
  const baseUnitOf: Record<UnitDimension, string> = { mass: 'kilogram', length: 'meter', area: 'meter ** 2', volume: 'meter ** 3', count: 'dimensionless' };

  it('uses only codes on the active list', () => {
    const missing = Object.keys(UNITS).filter((code) => !rec20.has(code));
    expect(missing).toEqual([]);
  });

  it('agrees with every conversion factor the list states', () => {
    let compared = 0;
    for (const [code, unit] of Object.entries(UNITS)) {
      const row = rec20.get(code)!;
      if (row.factor_to_base === '') {
        continue;
      }
      compared++;
      expect(row.base_unit, `${code} base unit`).toBe(baseUnitOf[unit.dimension]);
      // The list prints imperial factors rounded to about seven significant digits.
      const relativeDifference = Math.abs(unit.factor - Number(row.factor_to_base)) / unit.factor;
      expect(relativeDifference, `${code}: ours ${unit.factor}, list ${row.factor_to_base}`).toBeLessThan(1e-6);
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('counts items only for codes the list leaves without a factor', () => {
    const withoutFactor = Object.keys(UNITS).filter((code) => rec20.get(code)?.factor_to_base === '');
    expect(withoutFactor.sort()).toEqual(['DPC', 'EA', 'H87', 'NAR']);
    for (const code of withoutFactor) {
      expect(UNITS[code]).toMatchObject({ dimension: 'count', factor: code === 'DPC' ? 12 : 1 });
    }
  });
});
