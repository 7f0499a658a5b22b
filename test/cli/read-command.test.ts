/**
 * `flowmason read` through the built CLI: the exact text for a few files, the JSON shape, and the
 * exit codes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli } from '../support/cli.js';
import { REALDATA_DIR, SKIP_REALDATA } from '../support/realdata.js';

const FIXTURES = join(REPOSITORY_ROOT, 'nodes', 'file-preview', 'fixtures');

function read(args: string[], cwd: string) {
  return runCli(['read', ...args], { cwd });
}

describe('flowmason read', () => {
  it('prints the records of an X12 file with pipe separators', () => {
    const result = read(['po-pipe.x12'], FIXTURES);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'file        po-pipe.x12',
        'format      x12 (detected from the content)',
        'encoding    utf-8',
        "separators  element '|', component '}', repetition (none), segment line break",
        'read        1 record and 0 errors; the whole file',
        '',
        'record 1  line 3  key PO-5001',
        '  format          "x12"',
        '  transactionSet  "850"',
        '  controlNumber   "0001"',
        '  interchange     {"controlNumber":"000000201","senderQualifier":"ZZ","senderId":"NWSUPPLY","receiverQualifier":"ZZ",…',
        '  segments        [{"id":"ST","elements":["850","0001"]},{"id":"BEG","elements":["00","SA","PO-5001","","20261201"]},…',
        '  group           {"functionalId":"PO","senderCode":"NWSUPPLY","receiverCode":"ACMETOOLS","date":"20261201","time":"0…',
        '  document        {"header":{"purpose":"00","type":"SA","poNumber":"PO-5001","date":"20261201"},"lines":[{"lineNumber…',
        '',
      ].join('\n'),
    );
  });

  it('prints the guessed record path of an XML file', () => {
    const result = read(['orders.xml', '--limit', '1'], FIXTURES);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'file         orders.xml',
        'format       xml (detected from the content)',
        'encoding     utf-8',
        'record path  Orders/Order',
        'read         the first 1 record and 0 errors; more follow (--limit shows more)',
        '',
        'record 1  line 5',
        '  Sku       "A-1"',
        '  Quantity  "2"',
        '  @id       "5001"',
        '',
      ].join('\n'),
    );
  });

  it('prints the whole preview as JSON', () => {
    const result = read(['items-semicolon-1252.csv', '--json'], FIXTURES);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      path: join(FIXTURES, 'items-semicolon-1252.csv'),
      format: 'csv',
      formatDetected: true,
      formatSource: 'extension',
      supported: true,
      details: { encoding: 'windows-1252', delimiter: ';' },
      hints: [],
      records: [
        { key: null, line: 2, data: { Artikel: '10-4471', Bezeichnung: 'Schraubendreher Größe 2', Preis: '4,95' } },
        { key: null, line: 3, data: { Artikel: '10-4472', Bezeichnung: 'Zange', Preis: '12,50' } },
      ],
      errors: [{ message: 'items-semicolon-1252.csv line 4: row has 2 fields; the header has 3', line: 4 }],
      complete: true,
    });
  });

  it('reads with the format and record path given', () => {
    const result = read(['orders.xml', '--format', 'xml', '--record-path', 'Orders/Header', '--json'], FIXTURES);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ formatDetected: false, details: { recordPath: 'Orders/Header' }, records: [{ data: { Shop: 'north' } }] });
  });

  it('says an empty X12 file is empty', () => {
    const folder = mkdtempSync(join(tmpdir(), 'flowmason-read-'));
    writeFileSync(join(folder, 'empty.x12'), '');
    const result = read(['empty.x12'], folder);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      ['file    empty.x12', 'format  x12 (from the file extension .x12)', 'read    0 records and 1 error; the whole file', '', 'error 1', '  empty.x12 is empty (0 bytes); there is nothing to read', ''].join('\n'),
    );
  });

  it('rejects skipped lines outside CSV', () => {
    const result = read(['po-pipe.x12', '--skip-lines', '1'], FIXTURES);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('flowmason: skipping lines applies to CSV files only, and po-pipe.x12 is read as X12\n');
    const negative = read(['orders.xml', '--skip-lines', '-1'], FIXTURES);
    expect(negative.code).toBe(64);
    expect(negative.stderr).toContain("error: option '--skip-lines <count>' argument '-1' is invalid. expected a whole number of at least 0");
  });

  it('fails for a missing file', () => {
    const result = read(['missing.x12'], FIXTURES);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`flowmason: file not found: ${join(FIXTURES, 'missing.x12')}\n`);
  });

  it('rejects an unknown format and a bad limit', () => {
    const format = read(['orders.xml', '--format', 'yaml'], FIXTURES);
    expect(format.code).toBe(64);
    expect(format.stderr).toContain("error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are x12, edifact, csv, json, xml.");
    const limit = read(['orders.xml', '--limit', '0'], FIXTURES);
    expect(limit.code).toBe(64);
    expect(limit.stderr).toContain("error: option '--limit <count>' argument '0' is invalid. expected a whole number of at least 1");
  });
});

describe.skipIf(SKIP_REALDATA)('flowmason read on public sample files', () => {
  it('locates the SE01 count error of the BISG catalog', () => {
    const result = read(['edinet/x12.832.edi'], REALDATA_DIR);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        'file        edinet/x12.832.edi',
        'format      x12 (detected from the content)',
        'encoding    utf-8-bom',
        "separators  element '*', component '>', repetition (none), segment '~'",
        'read        0 records and 1 error; the whole file',
        '',
        'error 1  line 14',
        "  x12.832.edi: interchange 000000030, group 1, set 832 2001: SE01 is '17' but the set has 12 segments from ST to SE (segment SE at position 12 of the set, line 14, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
        '',
      ].join('\n'),
    );
  });

  it('labels a TRADACOMS file as not supported and exits 1', () => {
    const result = read(['staedi/TRADACOMS_order.edi'], REALDATA_DIR);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'file    staedi/TRADACOMS_order.edi',
        'format  tradacoms (detected from the content; not supported)',
        'read    0 records and 1 error; the whole file',
        '',
        'error 1',
        '  TRADACOMS_order.edi: the file starts with STX=, so it is a TRADACOMS file; Flowmason reads X12 and EDIFACT but not TRADACOMS, so ask the partner for one of those',
        '',
      ].join('\n'),
    );
  });

  it('previews a DATEV export after its metadata line', () => {
    const hinted = read(['datev-ledermann/EXTF_Stammdaten.csv', '--limit', '1'], REALDATA_DIR);
    expect(hinted.code).toBe(2);
    expect(hinted.stdout).toContain(
      [
        "delimiter  ';'",
        'read       the first 0 records and 1 error; more follow (--limit shows more)',
        'hint       line 1 has 31 fields but the lines after it have 254; if line 1 is not the header (a DATEV export starts with a metadata line), skip it: --skip-lines 1 in flowmason read, skipLines 1 in csv.read',
      ].join('\n'),
    );
    const skipped = read(['datev-ledermann/EXTF_Stammdaten.csv', '--skip-lines', '1', '--json'], REALDATA_DIR);
    expect(skipped.code).toBe(0);
    const preview = JSON.parse(skipped.stdout) as { details: unknown; hints: string[]; errors: unknown[]; records: { line: number; data: Record<string, string> }[] };
    expect(preview).toMatchObject({ details: { encoding: 'windows-1252', delimiter: ';' }, hints: [], errors: [] });
    expect(preview.records[0]).toMatchObject({ line: 3, data: { Konto: '10000', Anrede: 'Frau' } });
  });

  it('shows the good and the ragged rows of bad.csv', () => {
    const result = read(['csvkit-edge-cases/bad.csv'], REALDATA_DIR);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        'file       csvkit-edge-cases/bad.csv',
        'format     csv (from the file extension .csv)',
        'encoding   utf-8',
        "delimiter  ','",
        'read       1 record and 2 errors; the whole file',
        '',
        'record 1  line 4',
        '  column_a  "0"',
        '  column_b  "mixed types.... uh oh"',
        '  column_c  "17"',
        '',
        'error 1  line 2',
        '  bad.csv line 2: row has 4 fields; the header has 3',
        '',
        'error 2  line 3',
        '  bad.csv line 3: row has 2 fields; the header has 3',
        '',
      ].join('\n'),
    );
  });

  it('prints the EDIFACT service characters a UNA declares', () => {
    const result = read(['staedi/EDIFACT_invoic_d97b_una.edi', '--json'], REALDATA_DIR);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: 'edifact',
      details: { encoding: 'utf-8', separators: { component: '=', element: '*', decimal: '.', release: '?', repetition: '', segment: '~' } },
      records: [{ line: 3 }],
    });
  });
});
