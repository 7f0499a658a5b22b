import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, type FlowRecord } from '../../engine/sdk/index.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { jsonReadNode } from '../json-read/json-read.node.js';
import { jsonWriteNode } from './json-write.node.js';
import type { JsonWriteConfig } from './json-write.schema.js';

const readFixtures = fileURLToPath(new URL('../json-read/fixtures/', import.meta.url));

describe('json.write', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-json-write-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function write(config: JsonWriteConfig, batches: FlowRecord[][], onFlush?: () => void) {
    return runNode(jsonWriteNode, config, { baseDir: folder, batches, ...(onFlush === undefined ? {} : { onFlush }) });
  }

  const ROWS = [
    { sku: '10-4471', qty: '01', dimensions: { width: 12.5 } },
    { sku: '10-4472', qty: '0010', tags: ['a', 'b'] },
  ];

  it('writes JSON Lines of the data', async () => {
    await write({ path: 'items.jsonl' }, [makeRecords(ROWS, 'sku')]);
    expect(await readFile(join(folder, 'items.jsonl'), 'utf8')).toBe(`${ROWS.map((row) => JSON.stringify(row)).join('\n')}\n`);
  });

  it('writes a JSON array one record per line, across batches', async () => {
    const records = makeRecords(ROWS, 'sku');
    await write({ path: 'items.json', format: 'array' }, [[records[0]!], [records[1]!]]);
    const text = await readFile(join(folder, 'items.json'), 'utf8');
    expect(text).toBe(`[\n${JSON.stringify(ROWS[0])},\n${JSON.stringify(ROWS[1])}\n]\n`);
    expect(JSON.parse(text)).toEqual(ROWS);
  });

  it('writes an empty array or an empty file without records', async () => {
    await write({ path: 'none.json', format: 'array' }, []);
    expect(await readFile(join(folder, 'none.json'), 'utf8')).toBe('[]\n');
    await write({ path: 'none.jsonl' }, []);
    expect(await readFile(join(folder, 'none.jsonl'), 'utf8')).toBe('');
  });

  it('writes envelopes with origin and errors', async () => {
    const [good, bad] = makeRecords(ROWS, 'sku');
    const failed: FlowRecord = { ...bad!, errors: [{ rule: 'input-error', message: 'items.csv line 3: row has 3 fields; the header has 4', node: 'read' }] };
    await write({ path: 'exceptions.jsonl', include: 'envelope' }, [[good!, failed]]);
    const lines = (await readFile(join(folder, 'exceptions.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      { key: '10-4471', origin: { node: 'test-source', index: 0, line: 2, file: 'test.csv' }, data: ROWS[0], errors: [] },
      { key: '10-4472', origin: { node: 'test-source', index: 1, line: 3, file: 'test.csv' }, data: ROWS[1], errors: failed.errors },
    ]);
  });

  it('writes the approval decision in envelopes', async () => {
    const [record] = makeRecords(ROWS, 'sku');
    const decision = { approvalId: 3, nodeId: 'review', outcome: 'rejected' as const, decidedBy: ['ana'], decidedAt: '2026-12-01T08:00:00.000Z', comment: 'no safety data sheet' };
    await write({ path: 'rejected.jsonl', include: 'envelope' }, [[{ ...record!, decision }]]);
    const lines = (await readFile(join(folder, 'rejected.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([{ key: '10-4471', origin: { node: 'test-source', index: 0, line: 2, file: 'test.csv' }, data: ROWS[0], errors: [], decision }]);
  });

  it('records the data hash of each record in the ledger', async () => {
    const result = await write({ path: 'ledger.jsonl', include: 'envelope' }, [makeRecords(ROWS, 'sku')]);
    expect(result.deliveries).toEqual([
      {
        target: `file:${join(folder, 'ledger.jsonl')}`,
        deliveries: ROWS.map((row) => ({ key: row.sku, hash: contentHash(row) })),
      },
    ]);
  });

  it('fails a record that cannot be serialized and writes the rest', async () => {
    const records = makeRecords([{ sku: '1', big: 1n }, { sku: '2' }], 'sku');
    const result = await write({ path: 'bigint.jsonl' }, [records]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      'test.csv line 2: cannot compute the content hash for the ledger: Do not know how to serialize a BigInt',
    ]);
    expect(await readFile(join(folder, 'bigint.jsonl'), 'utf8')).toBe('{"sku":"2"}\n');
  });

  it('writes only new records to a per-run file in delta mode', async () => {
    const ledger = new Map<string, Map<string, string>>();
    const records = makeRecords(ROWS, 'sku');
    const config: JsonWriteConfig = { path: 'delta/{flow}-{runId}.jsonl', delivery: { mode: 'delta' } };
    const first = await runNode(jsonWriteNode, config, { baseDir: folder, batches: [records], ledger, runId: 7 });
    expect(first.effects.map((effect) => [effect.location, effect.status])).toEqual([[join(folder, 'delta/test-flow-7.jsonl'), 'delivered']]);
    const changed = { ...records[1]!, data: { ...records[1]!.data, qty: '0011' } };
    const second = await runNode(jsonWriteNode, config, { baseDir: folder, batches: [[records[0]!, changed]], ledger, runId: 8 });
    expect(second.unchanged).toEqual([{ target: `file:${join(folder, 'delta/test-flow-{runId}.jsonl')}`, keys: ['10-4471'] }]);
    expect(await readFile(join(folder, 'delta/test-flow-8.jsonl'), 'utf8')).toBe(`${JSON.stringify(changed.data)}\n`);
    const third = await runNode(jsonWriteNode, config, { baseDir: folder, batches: [[records[0]!, changed]], ledger, runId: 9 });
    expect(third.effects).toEqual([]);
    expect(readdirSync(join(folder, 'delta')).sort()).toEqual(['test-flow-7.jsonl', 'test-flow-8.jsonl']);
  });

  it('rejects a delta path without {runId}', () => {
    const context = { resolvePath: (path: string) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } };
    expect(jsonWriteNode.check?.({ path: 'out/items.jsonl', delivery: { mode: 'delta' } }, context)).toEqual([
      { field: 'path', message: "'out/items.jsonl' must contain {runId} for delta delivery, so that each run writes its own file; for example out/{flow}-{runId}.jsonl" },
    ]);
  });

  it('refuses to add to a JSON array in a replay run', async () => {
    await write({ path: 'array.json', format: 'array' }, [makeRecords([{ a: 1 }])]);
    await expect(runNode(jsonWriteNode, { path: 'array.json', format: 'array' }, { baseDir: folder, partialRun: true })).rejects.toThrow(
      `cannot add records to the JSON array in ${join(folder, 'array.json')} in a replay or approval run; write format jsonl, or set delivery.mode to delta`,
    );
  });

  it('creates missing parent folders', async () => {
    await write({ path: 'a/b/c/items.jsonl' }, [makeRecords([{ a: 1 }])]);
    expect(await readFile(join(folder, 'a', 'b', 'c', 'items.jsonl'), 'utf8')).toBe('{"a":1}\n');
  });

  it('keeps an existing target unchanged when aborted', async () => {
    const target = join(folder, 'kept.json');
    await writeFile(target, '["old"]\n');
    const large = makeRecords(Array.from({ length: 20_000 }, (_, index) => ({ index, text: 'x'.repeat(100) })));
    let flushes = 0;
    let temporaryFiles: string[] = [];
    await expect(
      write({ path: 'kept.json', format: 'array' }, [large, makeRecords([{ index: -1 }])], () => {
        if (++flushes === 1) {
          temporaryFiles = readdirSync(folder).filter((name) => name.startsWith('.kept.json.'));
        } else {
          throw new Error('downstream failure');
        }
      }),
    ).rejects.toThrow('downstream failure');
    expect(temporaryFiles).toHaveLength(1);
    expect(await readFile(target, 'utf8')).toBe('["old"]\n');
    expect(readdirSync(folder).filter((name) => name.startsWith('.kept.json.'))).toEqual([]);
  });

  it.each([['array' as const], ['jsonl' as const]])('round-trips records through the %s format', async (format) => {
    const original = await runNode(jsonReadNode, { path: 'items.json', keyField: 'sku' }, { baseDir: readFixtures });
    const records = original.ports.out ?? [];
    await write({ path: `round-trip.${format}`, format }, [records]);
    const reread = await runNode(jsonReadNode, { path: join(folder, `round-trip.${format}`), keyField: 'sku' });
    expect(reread.ports.out?.map((record) => record.data)).toEqual(records.map((record) => record.data));
    expect(reread.ports.out?.map((record) => record.key)).toEqual(['10-4471', '10-4472', '10473']);
    expect(reread.failures).toEqual([]);
  });
});
