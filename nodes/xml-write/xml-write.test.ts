import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../engine/sdk/content-hash.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { xmlReadNode } from '../xml-read/xml-read.node.js';
import { xmlWriteNode } from './xml-write.node.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flowmason-xml-write-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const items = [
  { '@id': '10-4471', Sku: '00104471', Name: 'Bolt & nut <M8>', Price: { '@currency': 'EUR', '#text': 0.42 }, Barcodes: { Barcode: ['4006381333931', '036000291452'] } },
  { '@id': '10-4472', Sku: '00104472', Name: 'Washer "DIN 127"', Discontinued: true, Note: null },
];

describe('xml.write', () => {
  it('writes records under the root element', async () => {
    const path = join(scratch, 'catalog.xml');

    await runNode(
      xmlWriteNode,
      { path, rootElement: 'Catalog', recordElement: 'Item', rootAttributes: { xmlns: 'urn:example:catalog' } },
      { batches: [makeRecords(items, 'Sku')] },
    );

    expect(await readFile(path, 'utf8')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Catalog xmlns="urn:example:catalog">',
        '  <Item id="10-4471">',
        '    <Sku>00104471</Sku>',
        '    <Name>Bolt &amp; nut &lt;M8&gt;</Name>',
        '    <Price currency="EUR">0.42</Price>',
        '    <Barcodes>',
        '      <Barcode>4006381333931</Barcode>',
        '      <Barcode>036000291452</Barcode>',
        '    </Barcodes>',
        '  </Item>',
        '  <Item id="10-4472">',
        '    <Sku>00104472</Sku>',
        '    <Name>Washer "DIN 127"</Name>',
        '    <Discontinued>true</Discontinued>',
        '    <Note/>',
        '  </Item>',
        '</Catalog>',
        '',
      ].join('\n'),
    );
  });

  it('writes one line per record without indentation', async () => {
    const path = join(scratch, 'compact.xml');

    await runNode(
      xmlWriteNode,
      { path, rootElement: 'Items', recordElement: 'Item', indent: 0, declaration: false, nullValues: 'omit' },
      { batches: [makeRecords(items.map((item) => ({ Sku: item.Sku, Note: null, Tag: 'a\tb\r\nc' })))] },
    );

    expect(await readFile(path, 'utf8')).toBe('<Items>\n<Item><Sku>00104471</Sku><Tag>a\tb&#13;\nc</Tag></Item>\n<Item><Sku>00104472</Sku><Tag>a\tb&#13;\nc</Tag></Item>\n</Items>\n');
  });

  it('escapes quotes and line breaks in attributes', async () => {
    const path = join(scratch, 'attributes.xml');

    await runNode(xmlWriteNode, { path, rootElement: 'R', recordElement: 'E', declaration: false }, { batches: [makeRecords([{ '@note': 'say "hi"\n& <go>' }])] });

    expect(await readFile(path, 'utf8')).toBe('<R>\n  <E note="say &quot;hi&quot;&#10;&amp; &lt;go&gt;"/>\n</R>\n');
  });

  it('writes an empty root element for no records', async () => {
    const path = join(scratch, 'empty.xml');

    await runNode(xmlWriteNode, { path, rootElement: 'Catalog', recordElement: 'Item' }, { batches: [] });

    expect(await readFile(path, 'utf8')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<Catalog>\n</Catalog>\n');
  });

  it('fails records XML cannot carry and writes the rest', async () => {
    const path = join(scratch, 'partial.xml');
    const records = makeRecords([{ Sku: 'A-1' }, { Sku: 'A-2', 'bad name': 'x' }, { Sku: 'A-3', Name: 'bell \u0007' }, { Sku: 'A-4', Matrix: [[1, 2]] }, { Sku: 'A-5', '@tags': ['x'] }], 'Sku');

    const result = await runNode(xmlWriteNode, { path, rootElement: 'Items', recordElement: 'Item', declaration: false, indent: 0 }, { batches: [records] });

    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.message])).toEqual([
      ['A-2', 'input', "field 'bad name': 'bad name' is not a valid XML element name"],
      ['A-3', 'input', "field 'Name' contains the character U+0007 at position 6, which XML 1.0 does not allow"],
      ['A-4', 'input', "field 'Matrix.0' is a list inside a list, which XML elements cannot express"],
      ['A-5', 'input', "field '@tags' contains a list, but only text, numbers and booleans can be attributes or text"],
    ]);
    expect(await readFile(path, 'utf8')).toBe('<Items>\n<Item><Sku>A-1</Sku></Item>\n</Items>\n');
  });

  it('records ledger deliveries per batch', async () => {
    const path = join(scratch, 'ledger.xml');
    const records = makeRecords(items, 'Sku');

    const result = await runNode(xmlWriteNode, { path, rootElement: 'Catalog', recordElement: 'Item' }, { batches: [[records[0]!], [records[1]!]] });

    expect(result.deliveries).toEqual([
      { target: `file:${path}`, deliveries: [{ key: '00104471', hash: contentHash(items[0]) }] },
      { target: `file:${path}`, deliveries: [{ key: '00104472', hash: contentHash(items[1]) }] },
    ]);
  });

  it('keeps the old file until the run finishes', async () => {
    const path = join(scratch, 'atomic.xml');
    await writeFile(path, '<Old/>\n');
    const seen: string[] = [];

    await runNode(xmlWriteNode, { path, rootElement: 'Catalog', recordElement: 'Item' }, {
      batches: [makeRecords(items)],
      onFlush: () => {
        seen.push(readFileSync(path, 'utf8'));
      },
    });

    expect(seen[0]).toBe('<Old/>\n');
    expect(await readFile(path, 'utf8')).toContain('<Sku>00104471</Sku>');
  });

  it('leaves the old file when the run fails', async () => {
    const folder = await mkdtemp(join(scratch, 'abort-'));
    const path = join(folder, 'target.xml');
    await writeFile(path, '<Old/>\n');
    const failing = {
      ...xmlWriteNode,
      create: async (...args: Parameters<typeof xmlWriteNode.create>) => {
        const instance = await xmlWriteNode.create(...args);
        return { ...instance, process: instance.process!.bind(instance), abort: instance.abort!.bind(instance), finish: () => Promise.reject(new Error('downstream failed')) };
      },
    };

    await expect(runNode(failing, { path, rootElement: 'Catalog', recordElement: 'Item' }, { batches: [makeRecords(items)] })).rejects.toThrow('downstream failed');

    expect(await readFile(path, 'utf8')).toBe('<Old/>\n');
    expect(await readdir(folder)).toEqual(['target.xml']);
  });

  it('rejects invalid element names in config', () => {
    const problems = xmlWriteNode.check?.(
      { path: 'a.xml', rootElement: '1Catalog', recordElement: 'Item', rootAttributes: { 'x y': '1' } },
      { resolvePath: (path) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } },
    );

    expect(problems).toEqual([
      { field: 'rootElement', message: "'1Catalog' is not a valid XML element name" },
      { field: 'rootAttributes.x y', message: "'x y' is not a valid XML attribute name" },
    ]);
  });

  it('writes text that xml.read reads back unchanged', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((value) => value === value.trim() && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(value));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ Name: text, '@code': text }), { minLength: 1, maxLength: 5 }), async (rows) => {
        const path = join(scratch, 'round-trip.xml');
        await runNode(xmlWriteNode, { path, rootElement: 'Items', recordElement: 'Item' }, { batches: [makeRecords(rows)] });

        const read = await runNode(xmlReadNode, { path, recordPath: 'Items/Item' });

        expect(read.ports.out?.map((record) => record.data)).toEqual(rows);
      }),
      { numRuns: 60 },
    );
  });
});
