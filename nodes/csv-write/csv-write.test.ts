import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type FlowRecord } from '../../engine/sdk/index.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { csvReadNode } from '../csv-read/csv-read.node.js';
import { csvWriteNode } from './csv-write.node.js';
import type { CsvWriteConfig } from './csv-write.schema.js';

const readFixtures = fileURLToPath(new URL('../csv-read/fixtures/', import.meta.url));

describe('csv.write', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-csv-write-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function write(config: CsvWriteConfig, batches: FlowRecord[][], onFlush?: () => void) {
    return runNode(csvWriteNode, config, { baseDir: folder, batches, ...(onFlush === undefined ? {} : { onFlush }) });
  }

  it('quotes only where needed and writes nested values as JSON', async () => {
    const records = makeRecords(
      [
        { sku: '10-4471', name: 'Mutter, verzinkt', note: 'say "hi"', qty: 5, active: true, extra: null },
        { sku: '10-4472', name: 'two\nlines', note: 'cr\ronly', qty: 0.5, active: false, extra: { tags: ['a', 'b'] } },
      ],
      'sku',
    );
    const result = await write({ path: 'basic.csv' }, [records]);
    expect(await readFile(join(folder, 'basic.csv'), 'utf8')).toBe(
      'sku,name,note,qty,active,extra\n' +
        '10-4471,"Mutter, verzinkt","say ""hi""",5,true,\n' +
        '10-4472,"two\nlines","cr\ronly",0.5,false,"{""tags"":[""a"",""b""]}"\n',
    );
    expect(result.failures).toEqual([]);
  });

  it('writes configured columns, labels, delimiter, CRLF and BOM', async () => {
    const records = makeRecords([{ sku: '1', name: 'a;b', price: '2,50', ignored: 'x' }, { sku: '2', price: '3,00' }], 'sku');
    await write(
      { path: 'configured.csv', delimiter: ';', lineEnding: 'crlf', bom: true, columns: [{ field: 'price', label: 'Preis' }, { field: 'sku', label: 'Artikel' }, { field: 'name' }] },
      [records],
    );
    expect(await readFile(join(folder, 'configured.csv'), 'utf8')).toBe('\uFEFFPreis;Artikel;name\r\n2,50;1;"a;b"\r\n3,00;2;\r\n');
  });

  it('leaves out the header on request', async () => {
    await write({ path: 'no-header.csv', header: false, delimiter: '\t' }, [makeRecords([{ a: 'x y', b: 'tab\there' }])]);
    expect(await readFile(join(folder, 'no-header.csv'), 'utf8')).toBe('x y\t"tab\there"\n');
  });

  it('writes Windows-1252 bytes and fails characters it cannot encode', async () => {
    const records = makeRecords(
      [
        { sku: '4711', name: 'Straßenbesen – groß', price: '12,50 €' },
        { sku: '4712', name: 'Haken ✓', price: '1,00 €' },
        { sku: '4713', name: 'Kehrblech', price: '3,20 €' },
      ],
      'sku',
    );
    const result = await write({ path: 'legacy.csv', delimiter: ';', encoding: 'windows-1252' }, [records]);
    const bytes = await readFile(join(folder, 'legacy.csv'));
    expect(bytes.equals(Buffer.from('sku;name;price\n4711;Stra\xdfenbesen \x96 gro\xdf;12,50 \x80\n4713;Kehrblech;3,20 \x80\n', 'latin1'))).toBe(true);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "test.csv line 3: field 'name' contains '✓' (U+2713), which windows-1252 cannot encode; replace the character or write utf-8",
    ]);
    expect(result.deliveries.flatMap((entry) => entry.deliveries.map((delivery) => delivery.key))).toEqual(['4711', '4713']);
  });

  it('records each batch in the ledger under the file target', async () => {
    const first = makeRecords([{ sku: 'A', qty: '1' }], 'sku');
    const second = makeRecords([{ sku: 'B', qty: '2' }, { sku: 'C', qty: '3' }], 'sku');
    const result = await write({ path: 'ledger.csv' }, [first, second]);
    const target = `file:${join(folder, 'ledger.csv')}`;
    expect(result.deliveries).toEqual([
      { target, deliveries: [{ key: 'A', hash: contentHash({ sku: 'A', qty: '1' }) }] },
      {
        target,
        deliveries: [
          { key: 'B', hash: contentHash({ sku: 'B', qty: '2' }) },
          { key: 'C', hash: contentHash({ sku: 'C', qty: '3' }) },
        ],
      },
    ]);
  });

  it('creates missing parent folders', async () => {
    await write({ path: 'deep/er/items.csv' }, [makeRecords([{ a: '1' }])]);
    expect(await readFile(join(folder, 'deep', 'er', 'items.csv'), 'utf8')).toBe('a\n1\n');
  });

  it('writes the header alone when no record arrives', async () => {
    await write({ path: 'none-with-columns.csv', columns: [{ field: 'sku' }, { field: 'name', label: 'Name' }] }, []);
    expect(await readFile(join(folder, 'none-with-columns.csv'), 'utf8')).toBe('sku,Name\n');
    await write({ path: 'none.csv' }, []);
    expect(await readFile(join(folder, 'none.csv'), 'utf8')).toBe('');
  });

  it('leaves no target and no temporary file when aborted', async () => {
    const target = join(folder, 'aborted', 'items.csv');
    // More than the writer buffers in memory, so the temporary file exists on disk before the abort.
    const large = makeRecords(Array.from({ length: 20_000 }, (_, index) => ({ a: String(index), text: 'x'.repeat(100) })));
    let flushes = 0;
    let temporaryFiles: string[] = [];
    await expect(
      write({ path: 'aborted/items.csv' }, [large, makeRecords([{ a: '2' }])], () => {
        if (++flushes === 1) {
          temporaryFiles = readdirSync(join(folder, 'aborted'));
        } else {
          throw new Error('downstream failure');
        }
      }),
    ).rejects.toThrow('downstream failure');
    expect(temporaryFiles).toEqual([expect.stringMatching(/^\.items\.csv\..*\.tmp$/)]);
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(join(folder, 'aborted'))).toEqual([]);
  });

  it('keeps an existing target unchanged when aborted', async () => {
    const target = join(folder, 'existing.csv');
    await writeFile(target, 'old content\n');
    let flushes = 0;
    await expect(
      write({ path: 'existing.csv' }, [makeRecords([{ a: '1' }]), makeRecords([{ a: '2' }])], () => {
        if (++flushes === 2) {
          throw new Error('downstream failure');
        }
      }),
    ).rejects.toThrow('downstream failure');
    expect(await readFile(target, 'utf8')).toBe('old content\n');
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['items.csv', { path: 'items.csv' }, {}],
    ['quoted-newlines.csv', { path: 'quoted-newlines.csv' }, { lineEnding: 'crlf' as const }],
    ['items-windows-1252.csv', { path: 'items-windows-1252.csv' }, { delimiter: ';' as const, lineEnding: 'crlf' as const, encoding: 'windows-1252' as const }],
  ])('round-trips %s byte for byte', async (file, readConfig, writeConfig) => {
    const original = await runNode(csvReadNode, readConfig, { baseDir: readFixtures });
    const records = original.ports.out ?? [];
    await write({ path: `round-trip-${file}`, ...writeConfig }, [records]);
    const written = await readFile(join(folder, `round-trip-${file}`));
    expect(written.equals(await readFile(join(readFixtures, file)))).toBe(true);
    const reread = await runNode(csvReadNode, { path: join(folder, `round-trip-${file}`) });
    expect(reread.ports.out?.map((record) => record.data)).toEqual(records.map((record) => record.data));
  });
});
