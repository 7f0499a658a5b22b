import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExpressionCompiler } from '../../engine/expressions/expression-compiler.js';
import { silentLogger } from '../../engine/logger.js';
import type { FlowRecord, NodeContext, Output } from '../../engine/sdk/index.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { mapNode } from './map.node.js';
import type { MapConfig } from './map.schema.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');

async function map(config: MapConfig, rows: Record<string, unknown>[], params: Record<string, unknown> = {}) {
  return runNode(mapNode, config, { batches: [makeRecords(rows, 'sku')], baseDir: fixtures, params });
}

function check(config: MapConfig) {
  return mapNode.check!(config, { resolvePath: (path) => resolve(fixtures, path), expressions: createExpressionCompiler({ params: {} }) });
}

describe('map node', () => {
  it('copies, renames and sets constants', async () => {
    const result = await map(
      {
        fields: [
          { target: 'sku', source: 'ItemNo' },
          { target: 'name', source: 'Description' },
          { target: 'source', value: 'erp' },
          { target: 'flags', value: { active: true } },
        ],
      },
      [{ ItemNo: '10-4471', Description: 'Hex bolt M8', Other: 'x' }],
    );
    expect(result.failures).toEqual([]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ sku: '10-4471', name: 'Hex bolt M8', source: 'erp', flags: { active: true } }]);
  });

  it('reads nested sources and writes nested targets', async () => {
    const result = await map(
      {
        fields: [
          { target: 'dimensions.weight.net', source: 'item.weights.0.value' },
          { target: 'dimensions.weight.unit', value: 'KGM' },
          { target: 'gross', source: 'Gew. brutto', type: 'number', decimalSeparator: ',' },
        ],
      },
      [{ item: { weights: [{ value: 1.5 }] }, 'Gew. brutto': '1,75' }],
    );
    expect(result.ports.out?.[0]?.data).toEqual({ dimensions: { weight: { net: 1.5, unit: 'KGM' } }, gross: 1.75 });
  });

  it('leaves out fields whose source is missing and keeps nulls', async () => {
    const result = await map(
      {
        fields: [
          { target: 'name', source: 'Name' },
          { target: 'weight', source: 'Weight', type: 'number' },
          { target: 'color', source: 'Color' },
          { target: 'size', source: 'Size', type: 'number' },
        ],
      },
      [{ Name: null, Weight: '  ', Size: 3 }],
    );
    expect(result.failures).toEqual([]);
    expect(result.ports.out?.[0]?.data).toEqual({ name: null, size: 3 });
  });

  it('keeps the envelope and leaves the input record unchanged', async () => {
    const records: FlowRecord[] = makeRecords([{ sku: 'A', weight: { net: 1 } }], 'sku');
    records[0]!.errors = [{ rule: 'earlier', message: 'found before' }];
    const before = structuredClone(records[0]);
    const result = await runNode(mapNode, { fields: [{ target: 'weight.unit', value: 'KGM' }], keepUnmapped: true }, { batches: [records] });
    const mapped = result.ports.out![0]!;
    expect(mapped.key).toBe('A');
    expect(mapped.origin).toBe(records[0]!.origin);
    expect(mapped.errors).toEqual([{ rule: 'earlier', message: 'found before' }]);
    expect(mapped.data).toEqual({ sku: 'A', weight: { net: 1, unit: 'KGM' } });
    expect(records[0]).toEqual(before);
  });
});

describe('map casts', () => {
  it('casts numbers with either decimal separator', async () => {
    const result = await map(
      {
        fields: [
          { target: 'price', source: 'Price', type: 'number', decimalSeparator: ',' },
          { target: 'cost', source: 'Cost', type: 'number' },
          { target: 'quantity', source: 'Qty', type: 'integer', decimalSeparator: ',' },
        ],
      },
      [{ Price: '1.234,56', Cost: '1,234.56', Qty: '1.000' }],
    );
    expect(result.ports.out?.[0]?.data).toEqual({ price: 1234.56, cost: 1234.56, quantity: 1000 });
  });

  it('fails only the non-numeric record', async () => {
    const result = await map({ fields: [{ target: 'weight', source: 'Weight', type: 'number', decimalSeparator: ',' }] }, [
      { sku: 'A', Weight: '12,5' },
      { sku: 'B', Weight: '12,x' },
      { sku: 'C', Weight: '3' },
    ]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ weight: 12.5 }, { weight: 3 }]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.record.key).toBe('B');
    expect(result.failures[0]!.kind).toBe('input');
    expect(result.failures[0]!.message).toBe("field 'weight': '12,x' is not a number (source 'Weight')");
  });

  it('suggests the other decimal separator when it would fit', async () => {
    const result = await map({ fields: [{ target: 'weight', source: 'Weight', type: 'number' }] }, [{ Weight: '12,5' }]);
    expect(result.failures[0]!.message).toBe(
      "field 'weight': '12,5' is not a number; set decimalSeparator to ',' if the source writes numbers that way (source 'Weight')",
    );
  });

  it('rejects fractions and unsafe numbers as integers', async () => {
    const result = await map({ fields: [{ target: 'quantity', source: 'Qty', type: 'integer' }] }, [{ Qty: '2.5' }, { Qty: '12345678901234567890' }, { Qty: 7 }]);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "field 'quantity': '2.5' is not an integer (source 'Qty')",
      "field 'quantity': '12345678901234567890' is too large to be stored as an exact integer (more than 2^53 - 1); cast it to string (source 'Qty')",
    ]);
    expect(result.ports.out?.[0]?.data).toEqual({ quantity: 7 });
  });

  it('casts booleans from common spellings', async () => {
    const rows = ['true', 'No', ' y ', '1', 'X', 'off', 0, true].map((flag) => ({ flag }));
    const result = await map({ fields: [{ target: 'active', source: 'flag', type: 'boolean' }] }, [...rows, { flag: 'maybe' }]);
    expect(result.ports.out?.map((record) => record.data.active)).toEqual([true, false, true, true, true, false, false, true]);
    expect(result.failures[0]!.message).toBe("field 'active': 'maybe' is not a boolean; use true/false, yes/no, y/n, 1/0, on/off, or x for true (source 'flag')");
  });

  it('casts dates from ISO, EDI and day-first forms', async () => {
    const rows = ['2024-02-29', '20240301', '5.3.2024', '2024-03-05T23:30:00+01:00'].map((date) => ({ date }));
    const result = await map({ fields: [{ target: 'validFrom', source: 'date', type: 'date' }] }, [...rows, { date: '2023-02-29' }, { date: '03/04/2024' }]);
    expect(result.ports.out?.map((record) => record.data.validFrom)).toEqual(['2024-02-29', '2024-03-01', '2024-03-05', '2024-03-05']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "field 'validFrom': '2023-02-29' is not a calendar date (source 'date')",
      "field 'validFrom': '03/04/2024' is not a date; use YYYY-MM-DD, YYYYMMDD or DD.MM.YYYY, or an expression with $toMillis for other forms (source 'date')",
    ]);
  });

  it('casts to string and trims on request', async () => {
    const result = await map(
      {
        fields: [
          { target: 'plz', source: 'PLZ', type: 'string' },
          { target: 'name', source: 'Name', type: 'string', trim: true },
          { target: 'raw', source: 'Name' },
        ],
      },
      [{ PLZ: 80331, Name: '  Bolt ' }, { PLZ: { code: 1 } }],
    );
    expect(result.ports.out?.[0]?.data).toEqual({ plz: '80331', name: 'Bolt', raw: '  Bolt ' });
    expect(result.failures[0]!.message).toBe(`field 'plz': {"code":1} is an object, not text (source 'PLZ')`);
  });
});

describe('map lookups', () => {
  const codeTables = { uom: { EA: 'each', KGM: 'kilogram' } };

  it('translates codes through an inline table', async () => {
    const result = await map({ fields: [{ target: 'unit', source: 'UOM', lookup: 'uom' }], codeTables }, [{ UOM: 'EA' }, { UOM: ' KGM ' }]);
    expect(result.ports.out?.[0]?.data).toEqual({ unit: 'each' });
    expect(result.failures[0]!.message).toBe("field 'unit': ' KGM ' is not in code table 'uom' (source 'UOM')");
  });

  it('trims codes on request and falls back to a default', async () => {
    const result = await map({ fields: [{ target: 'unit', source: 'UOM', lookup: 'uom', trim: true, default: 'unknown' }], codeTables }, [
      { UOM: ' KGM ' },
      { UOM: 'PCE' },
      {},
    ]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ unit: 'kilogram' }, { unit: 'unknown' }, {}]);
  });

  it('reads a code table from a CSV file', async () => {
    const result = await map(
      {
        fields: [{ target: 'uom', source: 'Einheit', lookup: 'units' }],
        codeTables: { units: { file: 'erp-units.csv', keyColumn: 'Code', valueColumn: 'Description', delimiter: ';' } },
      },
      [{ Einheit: 'ST' }, { Einheit: 'PAA' }, { Einheit: 'XX' }],
    );
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ uom: 'EA' }, { uom: 'PR' }]);
    expect(result.failures[0]!.message).toBe("field 'uom': 'XX' is not in code table 'units' (source 'Einheit')");
    const bytes = readFileSync(resolve(fixtures, 'erp-units.csv'));
    expect(result.triggerInputs).toEqual([
      { path: resolve(fixtures, 'erp-units.csv'), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, role: 'lookup' },
    ]);
  });
});

describe('map expressions', () => {
  it('computes fields with JSONata, parameters and Flowmason functions', async () => {
    const result = await map(
      {
        fields: [
          { target: 'sku', source: 'sku' },
          { target: 'name', expression: '$clean(Name)' },
          { target: 'weightKg', expression: '$uomConvert($toNumber(Weight, ","), Unit, "KGM")' },
          { target: 'gtin', expression: '$gtinNormalize(EAN)' },
          { target: 'channel', expression: '$params.channel' },
          { target: 'row', expression: '$origin.line' },
        ],
      },
      [{ sku: 'A', Name: ' Gru\u0308ner  Tee ', Weight: '1.250,5', Unit: 'GRM', EAN: '036000291452' }],
      { channel: 'shop-de' },
    );
    expect(result.failures).toEqual([]);
    expect(result.ports.out?.[0]?.data).toEqual({ sku: 'A', name: 'Grüner Tee', weightKg: 1.2505, gtin: '00036000291452', channel: 'shop-de', row: 2 });
    expect((result.ports.out?.[0]?.data.name as string).length).toBe(10);
  });

  it('fails only the record an expression fails on', async () => {
    const result = await map({ fields: [{ target: 'weightKg', expression: '$uomConvert(weight, unit, "KGM")' }] }, [
      { sku: 'A', weight: 500, unit: 'GRM' },
      { sku: 'B', weight: 1, unit: 'MTR' },
      { sku: 'C', weight: 2, unit: 'LBR' },
    ]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ weightKg: 0.5 }, { weightKg: 0.90718474 }]);
    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.message])).toEqual([
      [
        'B',
        'input',
        "field 'weightKg': expression '$uomConvert(weight, unit, \"KGM\")' failed at column 12: cannot convert MTR (length) to KGM (mass): the units measure different things",
      ],
    ]);
  });

  it('fails a record whose expression runs away and goes on', async () => {
    const result = await map({ fields: [{ target: 'x', expression: 'loop ? ($f := function($n) { $f($n + 1) }; $f(0)) : "done"' }] }, [
      { sku: 'A', loop: true },
      { sku: 'B', loop: false },
    ]);
    expect(result.ports.out?.map((record) => record.data)).toEqual([{ x: 'done' }]);
    expect(result.failures[0]!.message).toMatch(/^field 'x': expression '.*' did not finish within its time limit of 1000 ms; look for a loop or recursion that never ends$/);
  });

  it('leaves out a field whose expression gives nothing', async () => {
    const result = await map({ fields: [{ target: 'color', expression: 'Color' }] }, [{ sku: 'A' }]);
    expect(result.ports.out?.[0]?.data).toEqual({});
  });
});

describe('map options', () => {
  it('keeps unmapped fields and drops renamed ones', async () => {
    const result = await map(
      {
        fields: [
          { target: 'weight', source: 'Weight', type: 'number' },
          { target: 'unit', source: 'dims.unit' },
        ],
        keepUnmapped: true,
      },
      [{ sku: 'A', Weight: '2', dims: { unit: 'KGM' }, Note: 'fragile' }],
    );
    expect(result.ports.out?.[0]?.data).toEqual({ sku: 'A', dims: { unit: 'KGM' }, Note: 'fragile', weight: 2, unit: 'KGM' });
  });

  it('fails a record where a kept field blocks a nested target', async () => {
    const result = await map({ fields: [{ target: 'weight.net', value: 1 }], keepUnmapped: true }, [{ weight: 12 }]);
    expect(result.failures[0]!.message).toBe("field 'weight.net': cannot be set because 'weight' is not an object in this record");
  });

  it('sets the business key from a source', async () => {
    const result = await map({ fields: [{ target: 'sku', source: 'ItemNo' }], key: { source: 'ItemNo' } }, [{ ItemNo: 4471 }, { ItemNo: '' }, {}]);
    expect(result.ports.out?.map((record) => record.key)).toEqual(['4471']);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      "business key: source 'ItemNo' is empty in this record",
      "business key: source 'ItemNo' is missing in this record",
    ]);
  });

  it('sets the business key from an expression', async () => {
    const result = await map({ fields: [], key: { expression: '$gtinNormalize(ean)' } }, [{ ean: '96385074' }, { ean: '96385075' }]);
    expect(result.ports.out?.map((record) => record.key)).toEqual(['00000096385074']);
    expect(result.failures[0]!.message).toBe("business key: expression '$gtinNormalize(ean)' is missing in this record");
  });
});

describe('map without expressions', () => {
  it('processes a batch without a promise', async () => {
    const context = {
      nodeId: 'map',
      params: {},
      expressions: createExpressionCompiler({ params: {} }),
      resolvePath: (path: string) => resolve(fixtures, path),
      logger: silentLogger,
    } as unknown as NodeContext;
    const plain = await mapNode.create({ fields: [{ target: 'a', source: 'b', type: 'number' }], key: { source: 'b' } }, context);
    const emitted: FlowRecord[] = [];
    const out: Output = { emit: (_port, record) => emitted.push(record), fail: () => undefined, pending: 0, flush: async () => undefined };
    expect(plain.process!(makeRecords([{ b: '1' }, { b: '2' }]), out)).toBeUndefined();
    expect(emitted.map((record) => [record.key, record.data])).toEqual([
      ['1', { a: 1 }],
      ['2', { a: 2 }],
    ]);

    const withExpression = await mapNode.create({ fields: [{ target: 'a', expression: 'b' }] }, context);
    const pending = withExpression.process!(makeRecords([{ b: '1' }]), out);
    expect(pending).toBeInstanceOf(Promise);
    await pending;
  });
});

describe('map check', () => {
  it('reports JSONata syntax errors by field', () => {
    expect(
      check({
        fields: [
          { target: 'a', source: 'a' },
          { target: 'b', source: 'b' },
          { target: 'c', source: 'c' },
          { target: 'd', expression: 'sku & (' },
        ],
      }),
    ).toEqual([{ field: 'fields.3.expression', message: 'invalid JSONata at column 7: Expected ")" before end of expression' }]);
  });

  it('reports unknown functions and tables by field', () => {
    expect(check({ fields: [{ target: 'a', expression: '$gtinvalid(x)' }, { target: 'b', expression: '$lookup("uom", u)' }] })).toEqual([
      { field: 'fields.0.expression', message: 'unknown function $gtinvalid at column 1; did you mean $gtinValid?' },
      { field: 'fields.1.expression', message: "code table 'uom' at column 9 is not defined; the node defines no code tables" },
    ]);
  });

  it('reports settings that do not combine', () => {
    expect(
      check({
        fields: [
          { target: 'a' },
          { target: 'b', source: 'b', value: 1 },
          { target: 'c', value: 1, type: 'number' },
          { target: 'd', source: 'd', type: 'string', decimalSeparator: ',' },
          { target: 'e', source: 'e', type: 'number', lookup: 'uom' },
          { target: 'f', source: 'f', default: 'x' },
          { target: 'g', source: 'g', lookup: 'units' },
        ],
        codeTables: { uom: { EA: 'each' } },
      }),
    ).toEqual([
      { field: 'fields.0', message: 'needs one of source, value or expression' },
      { field: 'fields.1', message: 'sets source and value; set exactly one of source, value or expression' },
      { field: 'fields.2.type', message: 'applies only to a field with a source' },
      { field: 'fields.3.decimalSeparator', message: 'applies only to type number or integer' },
      { field: 'fields.4', message: 'sets both type and lookup; set one of them' },
      { field: 'fields.5.default', message: 'applies only to a lookup field' },
      { field: 'fields.6.lookup', message: "code table 'units' is not defined; the node defines: uom" },
    ]);
  });

  it('reports targets set twice or inside each other', () => {
    expect(
      check({
        fields: [
          { target: 'weight', value: 1 },
          { target: 'weight.net', value: 2 },
          { target: 'weight', value: 3 },
          { target: 'a..b', value: 4 },
          { target: '__proto__.polluted', value: 5 },
        ],
      }),
    ).toEqual([
      { field: 'fields.3.target', message: "'a..b' is not a field path: segments between dots must not be empty" },
      { field: 'fields.4.target', message: "'__proto__.polluted' is not a field path: '__proto__' is not allowed as a field name" },
      { field: 'fields.2.target', message: "'weight' is already set by fields.0" },
      { field: 'fields.1.target', message: "'weight.net' is inside 'weight', which fields.0 sets as a whole" },
    ]);
  });

  it('reports key problems', () => {
    expect(check({ fields: [], key: {} })).toEqual([{ field: 'key', message: 'set exactly one of source or expression' }]);
    expect(check({ fields: [], key: { expression: '$foo' } })).toEqual([
      { field: 'key.expression', message: 'unknown variable $foo at column 1; expressions see $key, $origin, $errors, $params, variables they bind, and functions' },
    ]);
  });

  it('reports a code table file that cannot be read', () => {
    expect(check({ fields: [], codeTables: { units: { file: 'missing.csv', keyColumn: 'Code', valueColumn: 'Description' } } })).toEqual([
      { field: 'codeTables.units.file', message: `cannot read code table 'units' from ${resolve(fixtures, 'missing.csv')}: file not found` },
    ]);
  });

  it('makes create fail with the same problems', async () => {
    await expect(runNode(mapNode, { fields: [{ target: 'd', expression: 'sku & (' }] })).rejects.toThrow(
      'invalid map config: fields.0.expression: invalid JSONata at column 7: Expected ")" before end of expression',
    );
  });
});
