import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.js';
import { guessRecordPath } from './guess-record-path.js';
import { previewFile } from './preview-file.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'flowmason-preview-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function fixture(name: string): string {
  return join(FIXTURES, name);
}

describe('detectFormat', () => {
  it.each([
    ['ISA*00*', 'x12'],
    ['\ufeff\r\n  ISA|00|', 'x12'],
    ["UNA:+.? 'UNB+UNOC:3", 'edifact'],
    ['UNB+UNOA:1', 'edifact'],
    ["STX=ANA:1+'", 'tradacoms'],
    ['<?xml version="1.0"?><a/>', 'xml'],
    ['\u00a0<Catalog>', 'xml'],
    ['[{"sku":1}]', 'json'],
    ['{"sku":1}\n', 'json'],
  ])('reads %j as %s', (text, format) => {
    expect(detectFormat(Buffer.from(text, 'utf8'), 'data.csv')).toEqual({ format, source: 'content' });
  });

  it.each([
    ['po.x12', '', 'x12'],
    ['PO.X12', 'garbage', 'x12'],
    ['po.edi', '', 'x12'],
    ['orders.edi', "\nsome header\nUNB+UNOC:3+A+B'", 'edifact'],
    ['orders.edifact', '', 'edifact'],
    ['items.xml', '', 'xml'],
    ['items.json', '', 'json'],
    ['items.jsonl', '', 'json'],
    ['items.csv', '', 'csv'],
  ])('reads %s with %j by its extension as %s', (name, text, format) => {
    expect(detectFormat(Buffer.from(text, 'utf8'), name)).toEqual({ format, source: 'extension' });
  });

  it('falls back to CSV', () => {
    expect(detectFormat(Buffer.from('sku,name\n', 'utf8'), 'items.txt')).toEqual({ format: 'csv', source: 'default' });
    expect(detectFormat(Buffer.from('', 'utf8'))).toEqual({ format: 'csv', source: 'default' });
  });

  it('reads UTF-16 with a byte order mark', () => {
    expect(detectFormat(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ISA*00*', 'utf16le')])).format).toBe('x12');
    const bigEndian = Buffer.from('<a/>', 'utf16le').swap16();
    expect(detectFormat(Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian, Buffer.from([0x00])])).format).toBe('xml');
  });
});

describe('guessRecordPath', () => {
  it('picks the shallowest repeated element', () => {
    expect(guessRecordPath('<Catalog><Header/><Items><Item><Code/><Code/></Item><Item/></Items></Catalog>')).toBe('Catalog/Items/Item');
  });

  it('skips the prolog, comments and a DOCTYPE with an internal subset', () => {
    const head = '<?xml version="1.0"?>\n<!-- export -->\n<!DOCTYPE a [ <!ENTITY x "]>"> <!-- ] --> ]>\n<a><!-- <b/> --><c/><c/></a>';
    expect(guessRecordPath(head)).toBe('a/c');
  });

  it('takes the first child when nothing repeats', () => {
    expect(guessRecordPath('<Order id="1>2"><Header/><Lines/></Order>')).toBe('Order/Header');
  });

  it('takes a root without children as the record', () => {
    expect(guessRecordPath('<Item sku="A"/>')).toBe('Item');
  });

  it('finds nothing in text without a start tag', () => {
    expect(guessRecordPath('just text')).toBeUndefined();
  });
});

describe('previewFile', () => {
  it('previews a semicolon CSV in Windows-1252', async () => {
    const preview = await previewFile(fixture('items-semicolon-1252.csv'));
    expect(preview).toMatchObject({ format: 'csv', formatDetected: true, details: { encoding: 'windows-1252', delimiter: ';' }, complete: true });
    expect(preview.records.map((record) => [record.line, record.data])).toEqual([
      [2, { Artikel: '10-4471', Bezeichnung: 'Schraubendreher Größe 2', Preis: '4,95' }],
      [3, { Artikel: '10-4472', Bezeichnung: 'Zange', Preis: '12,50' }],
    ]);
    expect(preview.errors).toEqual([{ message: 'items-semicolon-1252.csv line 4: row has 2 fields; the header has 3', line: 4 }]);
  });

  it('previews JSON Lines with a broken line', async () => {
    const preview = await previewFile(fixture('items.jsonl'));
    expect(preview.details).toEqual({ encoding: 'utf-8', layout: 'jsonl' });
    expect(preview.records.map((record) => record.data)).toEqual([
      { sku: 'A-1', price: 4.95 },
      { sku: 'A-2', price: 12.5 },
    ]);
    expect(preview.errors).toHaveLength(1);
    expect(preview.errors[0]?.line).toBe(3);
    expect(preview.errors[0]?.message).toMatch(/^items\.jsonl line 3: invalid JSON/);
  });

  it('stops at the limit and says more follow', async () => {
    const preview = await previewFile(fixture('items-array.json'), { limit: 2 });
    expect(preview.details.layout).toBe('array');
    expect(preview.records.map((record) => record.data)).toEqual([{ sku: 'B-1' }, { sku: 'B-2' }]);
    expect(preview.complete).toBe(false);
  });

  it('reads the whole file when it fits the limit', async () => {
    const preview = await previewFile(fixture('items-array.json'), { limit: 3 });
    expect(preview.records).toHaveLength(3);
    expect(preview.complete).toBe(true);
  });

  it('guesses the XML record path', async () => {
    const preview = await previewFile(fixture('orders.xml'));
    expect(preview.details).toEqual({ encoding: 'utf-8', recordPath: 'Orders/Order' });
    expect(preview.records.map((record) => [record.line, record.data])).toEqual([
      [5, { '@id': '5001', Sku: 'A-1', Quantity: '2' }],
      [6, { '@id': '5002', Sku: 'A-2', Quantity: '1' }],
    ]);
  });

  it('uses the record path given', async () => {
    const preview = await previewFile(fixture('orders.xml'), { recordPath: 'Orders/Header' });
    expect(preview.details.recordPath).toBe('Orders/Header');
    expect(preview.records.map((record) => record.data)).toEqual([{ Shop: 'north' }]);
  });

  it('reports the separators of an X12 file', async () => {
    const preview = await previewFile(fixture('po-pipe.x12'));
    expect(preview.format).toBe('x12');
    expect(preview.details).toEqual({ encoding: 'utf-8', separators: { element: '|', component: '}', repetition: '', segment: '\n' } });
    expect(preview.records.map((record) => [record.key, record.line])).toEqual([['PO-5001', 3]]);
    expect(preview.errors).toEqual([]);
  });

  it('lists each problem of a failed set as its own error', async () => {
    const path = join(scratch, 'two-problems.x12');
    const lines = [
      'ISA*00*          *00*          *ZZ*BUYERCO        *ZZ*NWDIST         *261204*1200*U*00401*000000901*0*P*>~',
      'GS*PO*BUYERCO*NWDIST*20261204*1200*901*X*004010~',
      'ST*850*0001~',
      'BEG*00*SA***20261204~',
      'SE*9*0001~',
      'GE*1*901~',
      'IEA*1*000000901~',
    ];
    writeFileSync(path, `${lines.join('\n')}\n`);
    const preview = await previewFile(path);
    expect(preview.records).toEqual([]);
    expect(preview.errors).toEqual([
      {
        message:
          "two-problems.x12: interchange 000000901, group 901, set 850 0001: SE01 is '9' but the set has 3 segments from ST to SE (segment SE at position 3 of the set, line 5, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
        line: 5,
      },
      {
        message:
          'two-problems.x12: interchange 000000901, group 901, set 850 0001: BEG03 (poNumber) is missing; it is required (segment BEG at position 2 of the set, line 4, element BEG03, rule required-element); the sender must fill in BEG03 and resend the set',
        line: 4,
      },
    ]);
  });

  it('reports the service characters of an EDIFACT file', async () => {
    const preview = await previewFile(fixture('orders.edi'));
    expect(preview.details.separators).toEqual({ component: ':', element: '+', decimal: '.', release: '?', repetition: '', segment: "'" });
    expect(preview.records.map((record) => record.key)).toEqual(['PO-7001']);
  });

  it('labels TRADACOMS as not supported', async () => {
    const preview = await previewFile(fixture('tradacoms.edi'));
    expect(preview).toMatchObject({ format: 'tradacoms', formatSource: 'content', supported: false, details: {}, records: [], complete: true });
    expect(preview.errors).toEqual([
      { message: 'tradacoms.edi: the file starts with STX=, so it is a TRADACOMS file; Flowmason reads X12 and EDIFACT but not TRADACOMS, so ask the partner for one of those' },
    ]);
  });

  it('says an empty file is empty, whatever its extension', async () => {
    const empty = join(scratch, 'empty.x12');
    writeFileSync(empty, '');
    const blank = join(scratch, 'blank.edi');
    writeFileSync(blank, '\r\n  \n');
    expect(await previewFile(empty)).toMatchObject({ format: 'x12', formatSource: 'extension', supported: true, records: [], errors: [{ message: 'empty.x12 is empty (0 bytes); there is nothing to read' }] });
    expect((await previewFile(blank)).errors).toEqual([{ message: 'blank.edi contains only blanks and line breaks (5 bytes); there is nothing to read' }]);
    expect((await previewFile(fixture('empty.csv'), { format: 'csv' })).errors).toEqual([{ message: 'empty.csv is empty (0 bytes); there is nothing to read' }]);
  });

  it('turns the error a reader throws into the last error', async () => {
    const path = join(scratch, 'header-only.json');
    writeFileSync(path, '[{"sku": "A-1"}, {"sku": ');
    const preview = await previewFile(path);
    expect(preview.errors.at(-1)?.message).toMatch(/^header-only\.json line 1: /);
  });

  it('skips lines before a CSV header', async () => {
    const path = join(scratch, 'export.csv');
    writeFileSync(path, '"EXTF";700\nsku;name;price;unit\nA-1;Drill;4,95;EA\nA-2;Saw;9,50;EA\n');
    const unskipped = await previewFile(path);
    expect(unskipped.hints).toEqual([
      'line 1 has 2 fields but the lines after it have 4; if line 1 is not the header (a DATEV export starts with a metadata line), skip it: --skip-lines 1 in flowmason read, skipLines 1 in csv.read',
    ]);
    const skipped = await previewFile(path, { skipLines: 1 });
    expect(skipped.hints).toEqual([]);
    expect(skipped.details.delimiter).toBe(';');
    expect(skipped.records.map((record) => [record.line, record.data])).toEqual([
      [3, { sku: 'A-1', name: 'Drill', price: '4,95', unit: 'EA' }],
      [4, { sku: 'A-2', name: 'Saw', price: '9,50', unit: 'EA' }],
    ]);
  });

  it('rejects skipped lines for a file that is not CSV', async () => {
    await expect(previewFile(fixture('po-pipe.x12'), { skipLines: 1 })).rejects.toThrow('skipping lines applies to CSV files only, and po-pipe.x12 is read as X12');
  });

  it('reads a file with the format given', async () => {
    const path = join(scratch, 'catalog.txt');
    writeFileSync(path, 'sku|name\nA-1|Drill\n');
    const preview = await previewFile(path, { format: 'csv' });
    expect(preview).toMatchObject({ format: 'csv', formatDetected: false, details: { delimiter: '|' } });
    expect(preview.records.map((record) => record.data)).toEqual([{ sku: 'A-1', name: 'Drill' }]);
  });

  it('reports an XML file without a root element', async () => {
    const path = join(scratch, 'no-root.xml');
    writeFileSync(path, '<?xml version="1.0"?>\n<!-- nothing else -->\n');
    const preview = await previewFile(path, { format: 'xml' });
    expect(preview.errors).toEqual([{ message: 'no-root.xml: no root element found in the first 64 KB; give the record path, such as Catalog/Item' }]);
  });

  it('throws for a missing file and a folder', async () => {
    await expect(previewFile(join(scratch, 'missing.edi'))).rejects.toThrow(`file not found: ${join(scratch, 'missing.edi')}`);
    await expect(previewFile(scratch)).rejects.toThrow(`${scratch} is a folder, not a file`);
  });

  it('rejects a limit below one', async () => {
    await expect(previewFile(fixture('items.jsonl'), { limit: 0 })).rejects.toThrow('the preview limit must be a whole number of at least 1; got 0');
  });
});
