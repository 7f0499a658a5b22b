import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { jsonReadNode } from './json-read.node.js';
import type { JsonReadConfig } from './json-read.schema.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function read(config: JsonReadConfig, batchSize?: number) {
  return runNode(jsonReadNode, config, { baseDir: fixtures, ...(batchSize === undefined ? {} : { batchSize }) });
}

const LINES = [
  { sku: '10-4471', name: 'Schraube M6', qty: '01' },
  { sku: '10-4472', name: 'Mutter', qty: '0010' },
  { sku: '10-4473', name: 'Scheibe', item: { gtin: '04012345000010' } },
];

describe('json.read', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-json-read-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads the elements of a JSON array with their lines', async () => {
    const result = await read({ path: 'items.json', keyField: 'sku' });
    const records = result.ports.out ?? [];
    const expected = JSON.parse(await readFile(join(fixtures, 'items.json'), 'utf8')) as unknown[];
    expect(records.map((record) => record.data)).toEqual(expected);
    expect(records.map((record) => record.key)).toEqual(['10-4471', '10-4472', '10473']);
    expect(records.map((record) => record.origin)).toEqual([
      { node: 'node-under-test', file: join(fixtures, 'items.json'), line: 2, index: 0 },
      { node: 'node-under-test', file: join(fixtures, 'items.json'), line: 7, index: 1 },
      { node: 'node-under-test', file: join(fixtures, 'items.json'), line: 8, index: 2 },
    ]);
    expect(result.failures).toEqual([]);
  });

  it.each([['items.jsonl'], ['items-bom.jsonl']])('reads JSON Lines from %s', async (file) => {
    const result = await read({ path: file, keyField: 'sku' });
    const records = result.ports.out ?? [];
    expect(records.map((record) => record.data)).toEqual(LINES);
    expect(records.map((record) => record.origin.line)).toEqual([1, 2, 4]);
    expect(records.map((record) => record.key)).toEqual(['10-4471', '10-4472', '10-4473']);
  });

  it('takes the key from a dotted path', async () => {
    const result = await read({ path: 'items.jsonl', keyField: 'item.gtin' });
    expect(result.ports.out?.map((record) => record.key)).toEqual(['04012345000010']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "items.jsonl line 1: key field 'item.gtin' is missing",
      "items.jsonl line 2: key field 'item.gtin' is missing",
    ]);
  });

  it('fails bad lines one by one and goes on', async () => {
    const result = await read({ path: 'broken.jsonl', keyField: 'sku' });
    expect(result.ports.out?.map((record) => record.key)).toEqual(['1', '8']);
    const messages = result.failures.map((failure) => failure.message);
    expect(messages[0]).toMatch(/^broken\.jsonl line 2: invalid JSON: /);
    expect(messages.slice(1)).toEqual([
      'broken.jsonl line 3: the line is an array; each line must be a JSON object',
      'broken.jsonl line 4: the line is a string; each line must be a JSON object',
      "broken.jsonl line 5: key field 'sku' is missing",
      "broken.jsonl line 6: key field 'sku' is empty",
      "broken.jsonl line 7: key field 'sku' is an object; expected a string or a number",
    ]);
    expect(result.failures.map((failure) => failure.record.data)).toEqual([
      { _text: '{"sku":"2","name":}' },
      { _value: [1, 2] },
      { _value: 'text' },
      { name: 'no key' },
      { sku: '', name: 'empty key' },
      { sku: { id: 7 } },
    ]);
    expect(result.failures.map((failure) => failure.kind)).toEqual(Array(6).fill('input'));
  });

  it('fails bad array elements one by one and goes on', async () => {
    const result = await read({ path: 'broken-array.json' });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: '1' }, { sku: '4' }]);
    const messages = result.failures.map((failure) => failure.message);
    expect(messages[0]).toBe('broken-array.json line 3: element 2 is a number; each element must be a JSON object');
    expect(messages[1]).toMatch(/^broken-array\.json line 4: invalid JSON: /);
    expect(result.failures.map((failure) => failure.record.data)).toEqual([{ _value: 42 }, { _text: '{"sku": "3", "name": nope}' }]);
    expect(result.ports.out?.map((record) => record.origin.index)).toEqual([0, 3]);
  });

  it('fails the cut-off element of a truncated array', async () => {
    const result = await read({ path: 'truncated.json' });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: '1' }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "truncated.json line 3: the file ends before the JSON array is closed with ']'; it may be truncated",
    ]);
    expect(result.failures[0]?.record.data).toEqual({ _text: '{"sku": "2", "name": "cut of' });
  });

  it('reports an array that is never closed', async () => {
    const result = await read({ path: 'unclosed.json' });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: '1' }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "unclosed.json line 3: the file ends before the JSON array is closed with ']'; it may be truncated",
    ]);
  });

  it('reports text after the array', async () => {
    const result = await read({ path: 'trailing.json' });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: '1' }]);
    expect(result.failures.map((failure) => failure.message)).toEqual(['trailing.json line 2: text follows the end of the JSON array']);
    expect(result.failures[0]?.record.data).toEqual({ sku: '2' });
  });

  it('rejects an empty file unless JSON Lines is set', async () => {
    await expect(read({ path: 'empty.json' })).rejects.toThrow('empty.json is empty; expected a JSON array or JSON Lines');
    const result = await read({ path: 'empty.json', format: 'jsonl' });
    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures).toEqual([]);
  });

  it('rejects a file that is neither format', async () => {
    await expect(read({ path: 'not-json.txt' })).rejects.toThrow(
      "not-json.txt starts with 's'; expected '[' for a JSON array or '{' for JSON Lines. Set 'format' if the file is one of those",
    );
  });

  it('rejects JSON Lines read as an array', async () => {
    await expect(read({ path: 'items.jsonl', format: 'array' })).rejects.toThrow(
      "items.jsonl line 1: expected '[' to open a JSON array; found '{'. For one object per line, set 'format' to 'jsonl'",
    );
  });

  it('rejects a file that does not exist', async () => {
    await expect(read({ path: 'missing.json' })).rejects.toThrow(`file not found: ${join(fixtures, 'missing.json')}`);
  });

  it('records the trigger input with the file hash', async () => {
    const result = await read({ path: 'items.json' });
    const bytes = await readFile(join(fixtures, 'items.json'));
    expect(result.triggerInputs).toEqual([
      { path: join(fixtures, 'items.json'), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    ]);
  });

  it('fails lines with undecodable bytes when UTF-8 is forced', async () => {
    const path = join(folder, 'latin.jsonl');
    await writeFile(path, Buffer.concat([Buffer.from('{"name":"ok"}\n{"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const forced = await read({ path, encoding: 'utf-8' });
    expect(forced.ports.out?.map((record) => record.data)).toEqual([{ name: 'ok' }]);
    expect(forced.failures.map((failure) => failure.message)).toEqual([
      "latin.jsonl line 2: contains bytes that are not valid utf-8; set 'encoding' to the file's encoding",
    ]);
    expect(forced.failures[0]?.record.data).toEqual({ name: 'caf\uFFFD' });
    const detected = await read({ path });
    expect(detected.ports.out?.map((record) => record.data)).toEqual([{ name: 'ok' }, { name: 'café' }]);
  });

  it('splits a large array correctly across chunks and batches', async () => {
    const elements = Array.from({ length: 30_000 }, (_, index) => ({
      sku: `S-${index}`,
      text: `quote \" backslash \\ bracket ] brace } comma , ${'x'.repeat(index % 37)}`,
      nested: [index, { close: ']}', open: '[{' }],
    }));
    const path = join(folder, 'large.json');
    await writeFile(path, `[\n${elements.map((element) => JSON.stringify(element)).join(',\n')}\n]\n`);
    const batchSizes: number[] = [];
    const received: unknown[] = [];
    const result = await runNode(
      jsonReadNode,
      { path, keyField: 'sku' },
      {
        batchSize: 250,
        onFlush: (progress) => {
          const batch = progress.ports.out ?? [];
          batchSizes.push(batch.length);
          received.push(...batch.map((record) => record.data));
          progress.ports.out = [];
        },
      },
    );
    expect(result.failures).toEqual([]);
    expect(received).toEqual(elements);
    expect(Math.max(...batchSizes)).toBe(250);
    expect(batchSizes.filter((size) => size > 0)).toHaveLength(30_000 / 250);
  });
});
