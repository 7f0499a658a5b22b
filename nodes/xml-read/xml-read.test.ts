import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../engine/errors.js';
import { runNode } from '../../test/support/node-harness.js';
import { parseRecordPath } from './record-path.js';
import { xmlReadNode } from './xml-read.node.js';
import { XmlRecordScanner } from './xml-scanner.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flowmason-xml-read-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('xml.read', () => {
  it('emits one record per matching element', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Items/Item', keyField: '@id' }, { baseDir: fixtures });

    expect(result.failures).toEqual([]);
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.key)).toEqual(['10-4471', '10-4472', '10-4473', '10-4474', '10-4475']);
    expect(records.map((record) => record.origin.line)).toEqual([13, 21, 30, 31, 32]);
    expect(records[0]?.data).toEqual({
      '@id': '10-4471',
      '@status': 'active',
      Sku: '00104471',
      Name: 'Hex bolt M8 x 40, zinc plated',
      Price: { '#text': '0.42', '@currency': 'EUR' },
      Barcodes: { Barcode: { '#text': '4006381333931', '@type': 'EAN13' } },
    });
    expect(records[0]?.origin).toEqual({ node: 'node-under-test', file: join(fixtures, 'catalog.xml'), line: 13, index: 0 });
  });

  it('decodes CDATA, entities and character references', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Items/Item' }, { baseDir: fixtures });
    const names = (result.ports.out ?? []).map((record) => record.data.Name);

    expect(names[1]).toBe('Washer <M8> & spring "DIN 127"');
    expect(names[2]).toBe('Nut M8 \u2013 nylon insert <DIN 985>');
  });

  it('uses entities declared in the DOCTYPE', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Header' }, { baseDir: fixtures });

    expect(result.ports.out?.[0]?.data).toEqual({ Supplier: 'Nordhaven Tools &amp; Fasteners' });
  });

  it('makes listed elements arrays', async () => {
    const result = await runNode(
      xmlReadNode,
      { path: 'catalog.xml', recordPath: 'Catalog/Items/Item', arrayElements: ['Barcodes/Barcode'], attributes: 'ignore' },
      { baseDir: fixtures },
    );
    const records = result.ports.out ?? [];

    expect(records[0]?.data.Barcodes).toEqual({ Barcode: ['4006381333931'] });
    expect(records[1]?.data.Barcodes).toEqual({ Barcode: ['4006381333948', '036000291452'] });
    expect(records[0]?.data).not.toHaveProperty('@id');
  });

  it('keeps an empty element as an empty record', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Items/Item', attributes: 'ignore' }, { baseDir: fixtures });

    expect(result.ports.out?.[3]?.data).toEqual({});
  });

  it('applies the attribute prefix and text field', async () => {
    const result = await runNode(
      xmlReadNode,
      { path: 'catalog.xml', recordPath: 'Catalog/Items/Item', attributePrefix: 'attr_', textField: 'value' },
      { baseDir: fixtures },
    );

    expect(result.ports.out?.[0]?.data.Price).toEqual({ value: '0.42', attr_currency: 'EUR' });
  });

  it('matches names without namespace prefixes when asked', async () => {
    const result = await runNode(
      xmlReadNode,
      { path: 'catalog.xml', recordPath: 'Catalog/*/Item', removeNamespacePrefix: true, keyField: 'Class' },
      { baseDir: fixtures },
    );

    expect(result.ports.out?.map((record) => record.key)).toEqual(['fixings']);
    expect(result.failures.map((failure) => failure.message)).toContain("catalog.xml line 13: the record has no value in key field 'Class'");
  });

  it('fails a record without a key value', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Items/Item', keyField: 'Sku' }, { baseDir: fixtures });

    expect(result.ports.out).toHaveLength(4);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.message).toBe("catalog.xml line 31: the record has no value in key field 'Sku'");
    expect(result.failures[0]?.record.data).toEqual({ '@id': '10-4474', '@status': 'active' });
  });

  it('fails malformed elements and reads the rest', async () => {
    const result = await runNode(xmlReadNode, { path: 'malformed-items.xml', recordPath: 'Catalog/Items/Item', keyField: 'Sku' }, { baseDir: fixtures });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['A-1', 'A-7']);
    const messages = result.failures.map((failure) => failure.message);
    expect(messages).toEqual([
      "malformed-items.xml line 7 column 14: element <Item> from line 5 is malformed: Attribute 'currency' is without value.",
      "malformed-items.xml line 9 column 45: element <Item> from line 9 is malformed: Expected closing tag 'Name' (opened at line 9 column 32) instead of closing tag 'Nmae'.",
      "malformed-items.xml line 10: element <Item> from line 10 is malformed: entity '&nbsp;' is not defined; XML predefines only &lt; &gt; &amp; &quot; &apos;, and others must be declared in the DOCTYPE",
      "malformed-items.xml line 13 column 22: element <Item> from line 11 is malformed: Invalid space after '<'.",
      "malformed-items.xml line 15 column 5: element <Item> from line 15 is malformed: Unclosed tag 'Item'.",
    ]);
    expect(result.failures.every((failure) => failure.kind === 'input')).toBe(true);
    expect(result.failures[1]?.record.data).toEqual({ xml: '<Item id="3"><Sku>A-3</Sku><Name>Bracket</Nmae></Item>' });
    expect(result.failures[1]?.record.origin.line).toBe(9);
  });

  it('fails the run on a broken document structure', async () => {
    const run = runNode(xmlReadNode, { path: 'broken-envelope.xml', recordPath: 'Catalog/Items/Item' }, { baseDir: fixtures });

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow('broken-envelope.xml line 6: end tag </Itemz> does not match start tag <Items> from line 3');
  });

  it.each([
    ['a file ending inside an element', '<Catalog><Items><Item/>', 'doc.xml line 1: the file ends while element <Items> from line 1 is still open'],
    ['an unclosed comment', '<Catalog>\n<!-- open', 'doc.xml line 2: comment is not closed before the end of the file'],
    ['a second root element', '<Catalog/>\n<Catalog/>', 'doc.xml line 2: a second root element <Catalog> appears; an XML document has exactly one root element'],
    ['text outside the root', '<Catalog/>\ntrailing', "doc.xml line 2: text 'trailing' appears outside the root element"],
    ['an empty file', '', 'doc.xml: the file contains no root element'],
    ['an unsupported encoding', '<?xml version="1.0" encoding="EBCDIC-CP-US"?><Catalog/>', "doc.xml line 1: encoding 'EBCDIC-CP-US' in the XML declaration is not supported"],
  ])('rejects %s', async (_case, text, message) => {
    await writeFile(join(scratch, 'doc.xml'), text);

    await expect(runNode(xmlReadNode, { path: 'doc.xml', recordPath: 'Catalog/Items/Item' }, { baseDir: scratch })).rejects.toThrow(message);
  });

  it('rejects a missing file', async () => {
    await expect(runNode(xmlReadNode, { path: 'absent.xml', recordPath: 'A/B' }, { baseDir: scratch })).rejects.toThrow(
      `XML file ${join(scratch, 'absent.xml')} does not exist`,
    );
  });

  it('records the file as trigger input', async () => {
    const result = await runNode(xmlReadNode, { path: 'catalog.xml', recordPath: 'Catalog/Items/Item' }, { baseDir: fixtures });

    expect(result.triggerInputs).toEqual([{ path: join(fixtures, 'catalog.xml'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) }]);
  });
});

describe('xml.read encodings', () => {
  const document = (declaration: string): string => `${declaration}<Items>\n<Item><Name>Caf\u00e9 \u00fcber 5\u00b0</Name></Item>\n</Items>\n`;

  it.each([
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(document('<?xml version="1.0" encoding="UTF-8"?>\n'), 'utf8')]), 3],
    ['UTF-16LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(document('<?xml version="1.0" encoding="UTF-16"?>\n'), 'utf16le')]), 3],
    ['UTF-16BE with a byte order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(document('<?xml version="1.0" encoding="UTF-16"?>\n'), 'utf16le').swap16()]), 3],
    ['ISO-8859-1', Buffer.from(document('<?xml version="1.0" encoding="ISO-8859-1"?>\n'), 'latin1'), 3],
    ['UTF-8 without a declaration', Buffer.from(document(''), 'utf8'), 2],
  ])('reads %s', async (_case, bytes, line) => {
    await writeFile(join(scratch, 'encoded.xml'), bytes);

    const result = await runNode(xmlReadNode, { path: 'encoded.xml', recordPath: 'Items/Item' }, { baseDir: scratch });

    expect(result.failures).toEqual([]);
    expect(result.ports.out?.[0]?.data).toEqual({ Name: 'Caf\u00e9 \u00fcber 5\u00b0' });
    expect(result.ports.out?.[0]?.origin.line).toBe(line);
  });

  it('reads Windows-1252 punctuation', async () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1252"?><Items><Item>'), Buffer.from([0x80, 0x20, 0x93, 0x71, 0x94]), Buffer.from('</Item></Items>')]);
    await writeFile(join(scratch, 'cp1252.xml'), bytes);

    const result = await runNode(xmlReadNode, { path: 'cp1252.xml', recordPath: 'Items/Item' }, { baseDir: scratch });

    expect(result.ports.out?.[0]?.data).toEqual({ '#text': '\u20ac \u201cq\u201d' });
  });

  it('rejects bytes that are not UTF-8', async () => {
    await writeFile(join(scratch, 'bad-utf8.xml'), Buffer.concat([Buffer.from('<Items>\n<Item>'), Buffer.from([0xe9]), Buffer.from('</Item></Items>')]));

    await expect(runNode(xmlReadNode, { path: 'bad-utf8.xml', recordPath: 'Items/Item' }, { baseDir: scratch })).rejects.toThrow(
      'bad-utf8.xml after line 1: the bytes are not valid UTF-8; check the encoding in the XML declaration or set the encoding option',
    );
  });

  it('rejects a declaration that contradicts the byte order mark', async () => {
    await writeFile(join(scratch, 'contradiction.xml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><A/>')]));

    await expect(runNode(xmlReadNode, { path: 'contradiction.xml', recordPath: 'A' }, { baseDir: scratch })).rejects.toThrow(
      "contradiction.xml line 1: the XML declaration declares encoding 'ISO-8859-1' but the file's first bytes are UTF-8",
    );
  });
});

describe('xml.read streaming', () => {
  it('emits a large document in batches as it reads', async () => {
    const count = 20_000;
    const path = join(scratch, 'large.xml');
    await new Promise<void>((resolve, reject) => {
      const stream = createWriteStream(path);
      stream.on('error', reject);
      stream.write('<?xml version="1.0"?>\n<Catalog><Items>\n');
      for (let index = 0; index < count; index++) {
        stream.write(`<Item id="${index}"><Sku>SKU-${index}</Sku><Name>Item number ${index} with some text</Name></Item>\n`);
      }
      stream.end('</Items></Catalog>\n', resolve);
    });
    let recordsAtFirstFlush = -1;

    const result = await runNode(
      xmlReadNode,
      { path: 'large.xml', recordPath: 'Catalog/Items/Item', keyField: 'Sku' },
      {
        baseDir: scratch,
        batchSize: 500,
        onFlush: (progress) => {
          if (recordsAtFirstFlush === -1) {
            recordsAtFirstFlush = progress.ports.out?.length ?? 0;
          }
        },
      },
    );

    expect(result.ports.out).toHaveLength(count);
    expect(recordsAtFirstFlush).toBe(500);
    expect(result.flushes).toBeGreaterThanOrEqual(count / 500);
    expect(result.ports.out?.[count - 1]?.key).toBe(`SKU-${count - 1}`);
    expect(result.ports.out?.[count - 1]?.origin.line).toBe(count + 2);
  });
});

describe('XmlRecordScanner', () => {
  const text = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE Root [ <!ENTITY e "x > y"> ]>',
    '<Root><!-- <Item> --><List>',
    '<Item a="1 > 0"><![CDATA[</Item>]]></Item>',
    '<?pi <Item>?><Item b=\'2\'/>',
    '<Item>',
    '  <Inner>t</Inner>',
    '</Item></List></Root>',
  ].join('\n');

  const scanWhole = (chunks: string[]): { text: string; line: number; column: number }[] => {
    const scanner = new XmlRecordScanner({ file: '/tmp/doc.xml', segments: ['Root', 'List', 'Item'], removeNamespacePrefix: false });
    const fragments = chunks.flatMap((chunk) => scanner.push(chunk));
    fragments.push(...scanner.end());
    return fragments.map(({ text: fragmentText, line, column }) => ({ text: fragmentText, line, column }));
  };

  it('skips markup that only looks like records', () => {
    expect(scanWhole([text])).toEqual([
      { text: '<Item a="1 > 0"><![CDATA[</Item>]]></Item>', line: 4, column: 1 },
      { text: "<Item b='2'/>", line: 5, column: 14 },
      { text: '<Item>\n  <Inner>t</Inner>\n</Item>', line: 6, column: 1 },
    ]);
  });

  it('finds the same records however the text is split', () => {
    const whole = scanWhole([text]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((end, index) => text.slice(points[index], end));
        expect(scanWhole(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('finds records when fed one character at a time', () => {
    expect(scanWhole([...text])).toEqual(scanWhole([text]));
  });
});

describe('parseRecordPath', () => {
  it('accepts names and wildcards', () => {
    expect(parseRecordPath('/Catalog/*/Item')).toEqual({ segments: ['Catalog', '*', 'Item'] });
  });

  it('rejects empty segments and invalid names', () => {
    expect(parseRecordPath('Catalog//Item')).toEqual({ error: "record path 'Catalog//Item' must list element names separated by '/', such as Catalog/Items/Item" });
    expect(parseRecordPath('Catalog/1Item')).toEqual({ error: "record path 'Catalog/1Item' contains '1Item', which is not an XML element name or '*'" });
  });

  it('is reported by check', () => {
    expect(xmlReadNode.check?.({ path: 'a.xml', recordPath: 'A//B' }, { resolvePath: (path) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } })).toEqual([
      { field: 'recordPath', message: "record path 'A//B' must list element names separated by '/', such as Catalog/Items/Item" },
    ]);
  });
});
