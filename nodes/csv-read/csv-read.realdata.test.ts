/**
 * csv.read against public CSV files read in place (see test/support/realdata.ts): csvkit's edge
 * cases, a Shopify product export and a DATEV master-data export.
 */
import { describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { csvReadNode } from './csv-read.node.js';
import type { CsvReadConfig } from './csv-read.schema.js';

function read(config: CsvReadConfig) {
  return runNode(csvReadNode, config);
}

function edgeCase(file: string): string {
  return realdataPath('csvkit-edge-cases', file);
}

describe.skipIf(SKIP_REALDATA)('csv.read on public sample files', () => {
  it('fails the ragged rows of bad.csv and keeps the good one', async () => {
    const result = await read({ path: edgeCase('bad.csv') });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ column_a: '0', column_b: 'mixed types.... uh oh', column_c: '17' }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      'bad.csv line 2: row has 4 fields; the header has 3',
      'bad.csv line 3: row has 2 fields; the header has 3',
    ]);
    expect(result.failures.map((failure) => failure.record.data)).toEqual([
      { column_a: '1', column_b: '27', column_c: '', _extra: ["I'm too long!"] },
      { column_a: '', column_b: "I'm too short!" },
    ]);
  });

  it('reads the CR-only line endings of mac_newlines.csv', async () => {
    const result = await read({ path: edgeCase('mac_newlines.csv') });
    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: 'Once upon\ra time', b: '5', c: '6' },
    ]);
    expect(result.ports.out?.map((record) => record.origin.line)).toEqual([2, 3]);
  });

  it('fails the NUL byte row of null_byte.csv', async () => {
    const result = await read({ path: edgeCase('null_byte.csv') });
    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures.map((failure) => failure.message)).toEqual(["null_byte.csv line 2: field 1 (column 'a') contains a NUL character (U+0000)"]);
    expect(result.failures[0]?.record.data).toEqual({ a: '\0', b: '2', c: '3' });
  });

  it('detects the semicolons of sniff_limit.csv', async () => {
    const result = await read({ path: edgeCase('sniff_limit.csv') });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ a: '1', b: '2', c: '3' }]);
  });

  it.each([
    ['test_latin1.csv', { a: '4', b: '5', c: '©' }],
    ['test_utf16_little.csv', { a: '4', b: '5', c: 'ʤ' }],
    ['test_utf8_bom.csv', { foo: '4', bar: '5', baz: 'ʤ' }],
  ])('detects the encoding of %s', async (file, last) => {
    const result = await read({ path: edgeCase(file) });
    expect(result.ports.out).toHaveLength(2);
    expect(result.ports.out?.[1]?.data).toEqual(last);
    expect(result.failures).toEqual([]);
  });

  it('keeps leading zeros in test_no_leading_zeroes.csv', async () => {
    const result = await read({ path: edgeCase('test_no_leading_zeroes.csv') });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ a: '01', b: '00.11', c: '0.1' }]);
  });

  it('reads the Shopify product export with multi-line HTML bodies', async () => {
    const result = await read({ path: realdataPath('shopify-packt', 'products_export.csv'), keyColumn: 'Handle' });
    const records = result.ports.out ?? [];
    expect(result.failures).toEqual([]);
    expect(records).toHaveLength(21);
    expect(records.every((record) => Object.keys(record.data).length === 48)).toBe(true);
    expect(records[0]?.key).toBe('floor-lamp');
    expect(records[1]?.data['Body (HTML)']).toMatch(/^<h6><span>Description<\/span><\/h6>\n<p><span>Lorem ipsum/);
    expect((records[1]?.data['Body (HTML)'] as string).split('\n')).toHaveLength(6);
    expect(records.map((record) => record.origin.line).slice(0, 4)).toEqual([2, 3, 9, 10]);
    // The variant continuation row: the same handle, empty parent columns.
    expect(records[20]?.data).toMatchObject({ Handle: 'gardening-gloves', Title: '', 'Option1 Value': 'Yellow', 'Variant Price': '15.99' });
    expect(records[20]?.origin.line).toBe(27);
  });

  it('reads the DATEV master-data export after its metadata line', async () => {
    const result = await read({ path: realdataPath('datev-ledermann', 'EXTF_Stammdaten.csv'), skipLines: 1, keyColumn: 'Konto' });
    const records = result.ports.out ?? [];
    expect(result.failures).toEqual([]);
    expect(records.map((record) => record.key)).toEqual(['10000', '70001', '70002', '70003']);
    expect(records.every((record) => Object.keys(record.data).length === 254)).toBe(true);
    expect(records[0]?.data).toMatchObject({
      'Name (Adressatentyp natürl. Person)': 'Mustermann',
      'Vorname (Adressatentyp natürl. Person)': 'Sabine',
      Straße: 'Am Haagelspfädchen 14',
      Postleitzahl: '50999',
      Ort: 'Köln',
      'IBAN 1': 'DE12500105170648489890',
      Briefanrede: 'Sehr geehrte Frau Dr. Mustermann',
    });
    expect(records[3]?.data['Name (Adressatentyp Unternehmen)']).toBe('Scary Kitten  AG');
    expect(records.map((record) => record.origin.line)).toEqual([3, 4, 5, 6]);
  });
});
