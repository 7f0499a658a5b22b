import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { codeText, isInCodeTable, lookupCode, parseCodeTableCsv, readCodeTables } from './code-tables.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const fromFixtures = (path: string): string => resolve(fixtures, path);
const scratch = mkdtempSync(join(tmpdir(), 'flowmason-code-tables-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('readCodeTables', () => {
  it('takes inline tables as they are', () => {
    const { tables, problems } = readCodeTables({ uom: { EA: 'each', KGM: 'kilogram' } }, fromFixtures);
    expect(problems).toEqual([]);
    expect([...tables.get('uom')!]).toEqual([
      ['EA', 'each'],
      ['KGM', 'kilogram'],
    ]);
  });

  it('loads a CSV table by key and value column', () => {
    const { tables, problems } = readCodeTables({ units: { file: 'unit-names.csv', keyColumn: 'code', valueColumn: 'name' } }, fromFixtures);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(tables.get('units')!)).toEqual({ EA: 'each', KGM: 'kilogram', PR: 'pair', H87: 'piece', C62: 'one' });
  });

  it('reads a semicolon CSV with a byte order mark', () => {
    const { tables, problems } = readCodeTables(
      { status: { file: 'item-status.csv', keyColumn: 'ERP-Status', valueColumn: 'Shop-Status', delimiter: ';' } },
      fromFixtures,
    );
    expect(problems).toEqual([]);
    expect(tables.get('status')?.get('10')).toBe('discontinued');
  });

  it('reports a missing file under the table field', () => {
    const { tables, problems } = readCodeTables({ units: { file: 'no-such.csv', keyColumn: 'code', valueColumn: 'name' } }, fromFixtures, 'config.codeTables');
    expect(tables.has('units')).toBe(false);
    expect(problems).toEqual([
      { field: 'config.codeTables.units.file', message: `cannot read code table 'units' from ${fromFixtures('no-such.csv')}: file not found` },
    ]);
  });

  it('reports a missing column with the columns the file has', () => {
    const { problems } = readCodeTables({ units: { file: 'unit-names.csv', keyColumn: 'Code', valueColumn: 'name' } }, fromFixtures);
    expect(problems).toEqual([{ field: 'codeTables.units.file', message: "code table 'units': unit-names.csv has no column 'Code'; its columns: code, name, remark" }]);
  });
});

describe('parseCodeTableCsv', () => {
  const spec = { file: 'table.csv', keyColumn: 'code', valueColumn: 'name' };

  it('rejects a code given twice with different values, naming both lines', () => {
    expect(() => parseCodeTableCsv('code,name\nEA,each\nKGM,kilogram\nEA,piece\n', spec, 'table.csv')).toThrow(
      "table.csv line 4: code 'EA' appears again with value 'piece'; line 2 gave 'each'",
    );
  });

  it('accepts a code repeated with the same value', () => {
    expect(parseCodeTableCsv('code,name\nEA,each\nEA,each\n', spec, 'table.csv').get('EA')).toBe('each');
  });

  it('rejects an empty code', () => {
    expect(() => parseCodeTableCsv('code,name\nEA,each\n,nothing\n', spec, 'table.csv')).toThrow("table.csv line 3: column 'code' is empty; every row needs a code");
  });

  it('reports CSV syntax errors with the line', () => {
    const error = (() => {
      try {
        parseCodeTableCsv('code,name\nEA,"each\n', spec, 'table.csv');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^table\.csv line 2: invalid CSV: Quote Not Closed/);
  });

  it('gives an empty table for a header without rows', () => {
    writeFileSync(join(scratch, 'empty.csv'), 'code,name\n');
    const { tables, problems } = readCodeTables({ empty: { file: 'empty.csv', keyColumn: 'code', valueColumn: 'name' } }, (path) => join(scratch, path));
    expect(problems).toEqual([]);
    expect(tables.get('empty')?.size).toBe(0);
  });
});

describe('lookupCode and isInCodeTable', () => {
  const tables = new Map([['uom', new Map([['EA', 'each'], ['10', 'ten']])]]);

  it('find codes exactly', () => {
    expect(lookupCode(tables, 'uom', 'EA')).toBe('each');
    expect(lookupCode(tables, 'uom', 'ea')).toBeUndefined();
    expect(lookupCode(tables, 'uom', 'EA ')).toBeUndefined();
    expect(isInCodeTable(tables, 'uom', 'EA')).toBe(true);
    expect(isInCodeTable(tables, 'uom', 'PR')).toBe(false);
  });

  it('match numeric codes by their text', () => {
    expect(lookupCode(tables, 'uom', 10)).toBe('ten');
    expect(isInCodeTable(tables, 'uom', 10)).toBe(true);
  });

  it('treat missing and structured codes as absent', () => {
    expect(lookupCode(tables, 'uom', undefined)).toBeUndefined();
    expect(isInCodeTable(tables, 'uom', null)).toBe(false);
    expect(isInCodeTable(tables, 'uom', ['EA'])).toBe(false);
  });

  it('reject an unknown table', () => {
    expect(() => lookupCode(tables, 'units', 'EA')).toThrow("code table 'units' is not defined; the node defines: uom");
    expect(() => isInCodeTable(new Map(), 'units', 'EA')).toThrow("code table 'units' is not defined; the node defines no code tables");
  });

  it('do not find inherited object keys', () => {
    expect(lookupCode(tables, 'uom', 'constructor')).toBeUndefined();
  });
});

describe('codeText', () => {
  it('writes scalars as JSON does', () => {
    expect(codeText('A')).toBe('A');
    expect(codeText(1.5)).toBe('1.5');
    expect(codeText(false)).toBe('false');
    expect(codeText({})).toBeUndefined();
  });
});
