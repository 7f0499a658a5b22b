import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../engine/sdk/index.js';
import { runNode } from '../../test/support/node-harness.js';
import { csvReadNode } from './csv-read.node.js';
import type { CsvReadConfig } from './csv-read.schema.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function read(config: CsvReadConfig, batchSize?: number) {
  return runNode(csvReadNode, config, { baseDir: fixtures, ...(batchSize === undefined ? {} : { batchSize }) });
}

const ITEMS = [
  { sku: '10-4471', name: 'Schraube M6 Ä', uom: 'EA', qty: '01' },
  { sku: '10-4472', name: 'Mutter, verzinkt', uom: 'PCE', qty: '0010' },
  { sku: '10-4473', name: 'Scheibe "DIN 125"', uom: 'EA', qty: '7' },
];

describe('csv.read', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'flowmason-csv-read-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('reads UTF-8 rows as untyped strings with keys and origins', async () => {
    const result = await read({ path: 'items.csv', keyColumn: 'sku' });
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.data)).toEqual(ITEMS);
    expect(records.map((record) => record.key)).toEqual(['10-4471', '10-4472', '10-4473']);
    expect(records[1]?.origin).toEqual({ node: 'node-under-test', file: join(fixtures, 'items.csv'), line: 3, index: 1 });
    expect(result.failures).toEqual([]);
  });

  it.each([
    ['UTF-8 with BOM', 'items-utf8-bom.csv'],
    ['UTF-16LE with BOM', 'items-utf16le.csv'],
    ['UTF-16BE with BOM', 'items-utf16be.csv'],
  ])('detects %s from the byte order mark', async (_label, file) => {
    const result = await read({ path: file });
    expect(result.ports.out?.map((record) => record.data)).toEqual(ITEMS);
    expect(Object.keys(result.ports.out?.[0]?.data ?? {})[0]).toBe('sku');
  });

  it('reads UTF-16LE when the encoding is forced', async () => {
    const result = await read({ path: 'items-utf16le.csv', encoding: 'utf-16le' });
    expect(result.ports.out?.map((record) => record.data)).toEqual(ITEMS);
  });

  it.each([['auto' as const], ['windows-1252' as const]])('reads Windows-1252 with encoding %s', async (encoding) => {
    const result = await read({ path: 'items-windows-1252.csv', encoding });
    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { Artikel: '4711', Bezeichnung: 'Straßenbesen – groß', Preis: '12,50 €' },
      { Artikel: '4712', Bezeichnung: 'Kehrblech', Preis: '3,20 €' },
    ]);
  });

  it('reports undecodable bytes per record when UTF-8 is forced', async () => {
    const result = await read({ path: 'items-windows-1252.csv', encoding: 'utf-8' });
    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "items-windows-1252.csv line 2: field 2 (column 'Bezeichnung') contains bytes that are not valid utf-8; set 'encoding' to the file's encoding",
      "items-windows-1252.csv line 3: field 3 (column 'Preis') contains bytes that are not valid utf-8; set 'encoding' to the file's encoding",
    ]);
    expect(result.failures[0]?.record.data).toEqual({ Artikel: '4711', Bezeichnung: 'Stra\uFFFDenbesen \uFFFD gro\uFFFD', Preis: '12,50 \uFFFD' });
  });

  it('reads latin1 as ISO-8859-1', async () => {
    const result = await read({ path: 'items-windows-1252.csv', encoding: 'latin1' });
    // 0x96 and 0x80 are C1 control characters in ISO-8859-1, unlike Windows-1252.
    expect(result.ports.out?.[0]?.data).toEqual({ Artikel: '4711', Bezeichnung: 'Straßenbesen \u0096 groß', Preis: '12,50 \u0080' });
  });

  it.each([
    ['semicolon', 'items-semicolon.csv', { sku: '1', name: 'a;b', price: '2,50' }],
    ['tab', 'items-tab.tsv', { sku: '1', name: 'a, b', price: '2.50' }],
    ['pipe', 'items-pipe.csv', { sku: '1', name: 'a, b; c', price: '2.50' }],
    ['comma', 'items.csv', ITEMS[0]],
  ])('detects the %s delimiter', async (_label, file, first) => {
    const result = await read({ path: file });
    expect(result.ports.out?.[0]?.data).toEqual(first);
    expect(result.failures).toEqual([]);
  });

  it('keeps line breaks inside quoted fields and counts lines', async () => {
    const result = await read({ path: 'quoted-newlines.csv' });
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.data.note)).toEqual(['first\r\nsecond', 'one\nline two\nline three', 'carriage\rreturn', 'plain']);
    expect(records.map((record) => record.origin.line)).toEqual([2, 4, 7, 9]);
    expect(records.map((record) => record.data.qty)).toEqual(['5', '6', '7', '8']);
  });

  it('reads CR-only line endings', async () => {
    const result = await read({ path: 'cr-only.csv' });
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.data)).toEqual([
      { sku: '1', note: 'two\rlines' },
      { sku: '2', note: 'plain' },
    ]);
    expect(records.map((record) => record.origin.line)).toEqual([2, 4]);
  });

  it('fails ragged rows with their fields and goes on', async () => {
    const result = await read({ path: 'ragged.csv', keyColumn: 'sku' });
    expect(result.ports.out?.map((record) => record.key)).toEqual(['1', '4']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      'ragged.csv line 3: row has 3 fields; the header has 4',
      'ragged.csv line 4: row has 6 fields; the header has 4',
    ]);
    expect(result.failures.map((failure) => failure.kind)).toEqual(['input', 'input']);
    expect(result.failures[0]?.record.data).toEqual({ sku: '2', name: 'b', uom: 'EA' });
    expect(result.failures[1]?.record.data).toEqual({ sku: '3', name: 'c', uom: 'EA', qty: '3', _extra: ['extra', 'more'] });
    expect(result.failures[1]?.record.key).toBe('3');
    expect(result.failures[1]?.record.origin.line).toBe(4);
  });

  it('fails a quote left open at the end of the file', async () => {
    const result = await read({ path: 'unclosed-quote.csv' });
    expect(result.ports.out?.map((record) => record.data.sku)).toEqual(['1']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "unclosed-quote.csv line 3: field 2 (column 'name') opens a quote that is not closed before the end of the file",
    ]);
    expect(result.failures[0]?.record.data).toEqual({ sku: '2', name: 'b is never closed,2\n3,c,3\n' });
  });

  it('fails a row with a NUL byte and goes on', async () => {
    const result = await read({ path: 'nul-byte.csv' });
    expect(result.ports.out?.map((record) => record.data.sku)).toEqual(['1', '3']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "nul-byte.csv line 3: field 2 (column 'name') contains a NUL character (U+0000)",
    ]);
    expect(result.failures[0]?.record.data).toEqual({ sku: '2', name: 'b\0c', qty: '2' });
  });

  it('fails text after a closing quote', async () => {
    const result = await read({ path: 'text-after-quote.csv' });
    expect(result.ports.out?.map((record) => record.data.sku)).toEqual(['2']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "text-after-quote.csv line 2: field 2 (column 'name') has text after its closing quote; quote the whole field and double each quote inside it",
    ]);
    expect(result.failures[0]?.record.data).toEqual({ sku: '1', name: 'ab', qty: '1' });
  });

  it('fails a record whose key is empty', async () => {
    const result = await read({ path: 'missing-key.csv', keyColumn: 'sku' });
    expect(result.ports.out?.map((record) => record.key)).toEqual(['1', '3']);
    expect(result.failures.map((failure) => failure.message)).toEqual(["missing-key.csv line 3: key column 'sku' is empty"]);
    expect(result.failures[0]?.record).toMatchObject({ key: null, data: { sku: '', name: 'b' } });
  });

  it('rejects a key column the header lacks', async () => {
    await expect(read({ path: 'items.csv', keyColumn: 'SKU' })).rejects.toThrow("items.csv: key column 'SKU' is not among the columns; the header has: sku, name, uom, qty");
  });

  it('rejects an empty file naming it, with its path in the location', async () => {
    const error: unknown = await read({ path: 'empty.csv' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('empty.csv is empty; expected a header line');
    expect((error as InputError).location.file).toBe(join(fixtures, 'empty.csv'));
  });

  it('rejects a file that does not exist', async () => {
    await expect(read({ path: 'no-such-file.csv' })).rejects.toThrow(`file not found: ${join(fixtures, 'no-such-file.csv')}`);
  });

  it('reads a header-only file as no records', async () => {
    const result = await read({ path: 'header-only.csv' });
    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.triggerInputs).toHaveLength(1);
  });

  it('skips metadata lines before the header', async () => {
    const result = await read({ path: 'metadata-line.csv', skipLines: 1 });
    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { sku: '1', name: 'a' },
      { sku: '2', name: 'b' },
    ]);
    expect(result.ports.out?.map((record) => record.origin.line)).toEqual([3, 4]);
  });

  it('fails stray bytes in mostly UTF-8 files', async () => {
    const result = await read({ path: 'mostly-utf8.csv', keyColumn: 'sku' });
    expect(result.ports.out?.map((record) => record.data['name'])).toEqual(['Bin liner – Größe XL', 'Café crème']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "mostly-utf8.csv line 3: field 2 (column 'name') contains bytes that are not valid utf-8; set 'encoding' to the file's encoding",
    ]);
  });

  it('fills variant rows from their product row', async () => {
    const result = await read({ path: 'variant-rows.csv', keyColumn: 'Variant SKU', fillDown: { columns: ['Title', 'Vendor', 'Hazard class', 'Weight'], groupColumn: 'Handle' } });
    expect(result.ports.out?.map((record) => [record.key, record.data['Title'], record.data['Vendor'], record.data['Hazard class']])).toEqual([
      ['GLV-M', 'Work Gloves', 'SafeHands', ''],
      ['GLV-L', 'Work Gloves', 'SafeHands', ''],
      ['SOL-5', 'Solvent 5 l', 'CleanLine', '3'],
      ['SOL-10', 'Solvent 5 l', 'CleanLine', '3'],
      ['TAP-1', '', 'FixIt', ''],
    ]);
  });

  it('fills from any row above without a group column', async () => {
    const result = await read({ path: 'variant-rows.csv', fillDown: { columns: ['Title'] } });
    expect(result.ports.out?.map((record) => record.data['Title'])).toEqual(['Work Gloves', 'Work Gloves', 'Solvent 5 l', 'Solvent 5 l', 'Solvent 5 l']);
  });

  it('fails on a fill-down group column the file lacks', async () => {
    await expect(read({ path: 'variant-rows.csv', fillDown: { columns: ['Title'], groupColumn: 'Product' } })).rejects.toThrow(
      "variant-rows.csv: fill-down group column 'Product' is not among the columns; the header has: Handle, Title, Vendor, Variant SKU, Hazard class",
    );
  });

  it('names columns by position without a header', async () => {
    const result = await read({ path: 'items-semicolon.csv', header: false, keyColumn: 'column1' });
    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { column1: 'sku', column2: 'name', column3: 'price' },
      { column1: '1', column2: 'a;b', column3: '2,50' },
      { column1: '2', column2: 'c', column3: '3,00' },
    ]);
    expect(result.ports.out?.map((record) => record.origin.line)).toEqual([1, 2, 3]);
  });

  it('records the trigger input with the file hash', async () => {
    const result = await read({ path: 'items-utf16le.csv' });
    const bytes = await readFile(join(fixtures, 'items-utf16le.csv'));
    expect(result.triggerInputs).toEqual([
      { path: join(fixtures, 'items-utf16le.csv'), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    ]);
  });

  it('trims fields and turns quoting off on request', async () => {
    const path = join(workDir, 'spaced.csv');
    await writeFile(path, 'sku , name\n 1 ,  "a"  \n2,\'b\'\n');
    const trimmed = await read({ path, trim: true });
    expect(trimmed.ports.out?.map((record) => record.data)).toEqual([
      { sku: '1', name: 'a' },
      { sku: '2', name: "'b'" },
    ]);
    const unquoted = await read({ path, quote: '' });
    expect(unquoted.ports.out?.[0]?.data).toEqual({ 'sku ': ' 1 ', ' name': '  "a"  ' });
  });

  it('keeps empty lines as rows when asked', async () => {
    const path = join(workDir, 'blank-lines.csv');
    await writeFile(path, 'sku\n1\n\n2\n');
    const withEmptyRows = await read({ path, skipEmptyLines: false });
    expect(withEmptyRows.ports.out?.map((record) => record.data.sku)).toEqual(['1', '', '2']);
    const skipped = await read({ path });
    expect(skipped.ports.out?.map((record) => record.data.sku)).toEqual(['1', '2']);
    expect(skipped.ports.out?.map((record) => record.origin.line)).toEqual([2, 4]);
  });

  it('renames repeated and empty header names', async () => {
    const path = join(workDir, 'repeated-header.csv');
    await writeFile(path, 'name,name,,qty\na,b,c,d\n');
    const result = await read({ path });
    expect(result.ports.out?.[0]?.data).toEqual({ name: 'a', name_2: 'b', column3: 'c', qty: 'd' });
  });

  it('reads fields longer than many chunks', async () => {
    const long = `${'x'.repeat(300_000)}\r\n"quoted ""part""\n${'y'.repeat(300_000)}`;
    const quoted = `"${long.replaceAll('"', '""')}"`;
    const unquoted = 'z'.repeat(500_000);
    const path = join(workDir, 'long-fields.csv');
    await writeFile(path, `sku,text\n1,${quoted}\n2,${unquoted}\n3,short\n`);
    const result = await read({ path });
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.data.text)).toEqual([long, unquoted, 'short']);
    expect(records.map((record) => record.origin.line)).toEqual([2, 5, 6]);
  });

  it('checks UTF-8 validity over the whole file', async () => {
    // Valid UTF-8 for far more than one chunk, then one Windows-1252 byte (é) near the end.
    const rows = Array.from({ length: 20_000 }, (_, index) => `${index},plain ascii row`).join('\n');
    const path = join(workDir, 'late-invalid.csv');
    await writeFile(path, Buffer.concat([Buffer.from(`sku,name\n${rows}\n`), Buffer.from([0x32, 0x30, 0x30, 0x30, 0x30, 0x2c, 0x63, 0x61, 0x66, 0xe9, 0x0a])]));
    const result = await read({ path });
    expect(result.ports.out).toHaveLength(20_001);
    expect(result.ports.out?.[20_000]?.data).toEqual({ sku: '20000', name: 'café' });
  });

  it('fails the node for an unreadable header', async () => {
    const path = join(workDir, 'broken-header.csv');
    await writeFile(path, 'sku,"name\n');
    await expect(read({ path })).rejects.toThrow(`${path} line 1: the header is not readable: field 2 opens a quote that is not closed before the end of the file`);
  });
});
