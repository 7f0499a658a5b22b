import { describe, expect, it } from 'vitest';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { splitNode } from './split.node.js';
import type { SplitConfig } from './split.schema.js';

const ORDER = {
  header: { poNumber: 'PO-1', date: '20261201' },
  lines: [
    { lineNumber: '1', sku: 'A-1', quantity: 4 },
    { lineNumber: '2', sku: 'A-2', quantity: 1, packs: [{ size: 6 }] },
  ],
};

async function split(config: SplitConfig, rows: Record<string, unknown>[]) {
  return runNode(splitNode, config, { batches: [makeRecords(rows, 'id')] });
}

describe('split', () => {
  it('makes one record per element with included fields', async () => {
    const result = await split({ path: 'lines', include: { poNumber: 'header.poNumber', 'order.date': 'header.date' }, positionField: 'position' }, [{ id: 'PO-1', ...ORDER }]);
    expect(result.failures).toEqual([]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { lineNumber: '1', sku: 'A-1', quantity: 4, poNumber: 'PO-1', order: { date: '20261201' }, position: 1 },
      { lineNumber: '2', sku: 'A-2', quantity: 1, packs: [{ size: 6 }], poNumber: 'PO-1', order: { date: '20261201' }, position: 2 },
    ]);
  });

  it('keeps the key and origin of the input', async () => {
    const result = await split({ path: 'lines' }, [{ id: 'PO-1', ...ORDER }]);
    expect(result.ports.out?.map((record) => [record.key, record.origin])).toEqual([
      ['PO-1', { node: 'test-source', index: 0, line: 2, file: 'test.csv' }],
      ['PO-1', { node: 'test-source', index: 0, line: 2, file: 'test.csv' }],
    ]);
  });

  it('takes the origin line from the line field', async () => {
    const lines = [
      { lineNumber: '1', sourceLine: 7 },
      { lineNumber: '2', sourceLine: 'twelve' },
      { lineNumber: '3', sourceLine: 16 },
    ];
    const result = await split({ path: 'lines', lineField: 'sourceLine' }, [{ id: 'PO-1', lines }]);
    expect(result.ports.out?.map((record) => [record.data.lineNumber, record.origin])).toEqual([
      ['1', { node: 'test-source', index: 0, line: 7, file: 'test.csv' }],
      ['2', { node: 'test-source', index: 0, line: 2, file: 'test.csv' }],
      ['3', { node: 'test-source', index: 0, line: 16, file: 'test.csv' }],
    ]);
  });

  it('puts each element under the target', async () => {
    const result = await split({ path: 'codes', target: 'code' }, [{ id: 'R-1', codes: ['EA', 'CA'] }]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ code: 'EA' }, { code: 'CA' }]);
  });

  it('leaves the input data unchanged', async () => {
    const input = makeRecords([{ id: 'PO-1', header: { poNumber: 'PO-1' }, lines: [{ sku: 'A-1', detail: { color: 'red' } }] }], 'id');
    const before = JSON.stringify(input);
    const result = await runNode(splitNode, { path: 'lines', include: { 'detail.poNumber': 'header.poNumber' } }, { batches: [input] });
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: 'A-1', detail: { color: 'red', poNumber: 'PO-1' } }]);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('fails an element a field cannot be written into', async () => {
    const result = await split({ path: 'lines', include: { 'packs.note': 'header.poNumber' } }, [{ id: 'PO-1', ...ORDER }]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ lineNumber: '1', sku: 'A-1', quantity: 4, packs: { note: 'PO-1' } }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "test.csv line 2: cannot write 'packs.note' into element 2 of 'lines', because 'packs' is not an object",
    ]);
  });

  it('skips a record without elements by default', async () => {
    const result = await split({ path: 'lines' }, [{ id: 'PO-2', lines: [] }, { id: 'PO-3' }]);
    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures).toEqual([]);
  });

  it('fails a record without elements when asked', async () => {
    const result = await split({ path: 'lines', whenEmpty: 'fail' }, [{ id: 'PO-2', lines: [] }, { id: 'PO-3' }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "test.csv line 2: field 'lines' is an empty array, so the record has nothing to split",
      "test.csv line 3: field 'lines' is missing, so the record has nothing to split",
    ]);
  });

  it('fails a field that is not an array', async () => {
    const result = await split({ path: 'lines' }, [{ id: 'PO-4', lines: 'A-1' }]);
    expect(result.failures.map((failure) => [failure.kind, failure.message])).toEqual([['input', "test.csv line 2: field 'lines' is a string; split needs an array there"]]);
  });

  it('fails an element that is not an object', async () => {
    const result = await split({ path: 'lines' }, [{ id: 'PO-5', lines: [{ sku: 'A-1' }, 'A-2'] }]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: 'A-1' }]);
    expect(result.failures.map((failure) => [failure.message, failure.record.data])).toEqual([
      ["test.csv line 2: element 2 of 'lines' is a string; set target to keep elements that are not objects", { element: 'A-2', position: 2 }],
    ]);
  });

  it('rejects an invalid field path', () => {
    expect(splitNode.check?.({ path: 'lines..x', include: { __proto__x: 'a', name: 'a.__proto__' } }, { resolvePath: (path) => path, expressions: { compile: () => { throw new Error('unused'); } } })).toEqual([
      { field: 'path', message: "'lines..x' is not a field path: segments between dots must not be empty" },
      { field: 'include.name', message: "'a.__proto__' is not a field path: '__proto__' is not allowed as a field name" },
    ]);
  });
});
