/**
 * Runs item records from a JSON file through map, validate and route into four JSON Lines files
 * with the real runtime, the shipped file nodes and a temporary SQLite run store.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFlow, formatProblem } from '../../engine/flow/load-flow.js';
import type { FlowRecord } from '../../engine/records.js';
import { runFlow } from '../../engine/runtime/run-flow.js';
import { SqliteRunStore } from '../../engine/store/sqlite-run-store.js';
import { createNodeRegistry } from '../../nodes/index.js';
import { buildFlow } from '../support/flow-builder.js';

const registry = createNodeRegistry();

const items = [
  { ItemNo: '10-4471', Description: ' Hex bolt  M8 x 40 ', EAN: '4012345000207', Unit: 'KAR', Weight: '1,250', Country: 'DE' },
  { ItemNo: '10-4472', Description: 'Hex nut M8', EAN: '4012345000214', Unit: 'ST', Weight: '0,980', Country: 'US' },
  { ItemNo: '20-0815', Description: 'Brake cleaner', EAN: '4012345000238', Unit: 'ST', Weight: '32,5', Country: 'AT' },
  { ItemNo: '20-0816', Description: 'Pallet of brake cleaner', EAN: '4012345000245', Unit: 'PAL', Weight: '480', Country: 'DE' },
  { ItemNo: '30-0001', Description: 'Safety gloves, pair', EAN: '4012345000999', Unit: 'PAA', Weight: '0,1', Country: 'CH' },
  { ItemNo: '30-0002', Description: 'Safety goggles', EAN: '4012345000252', Unit: 'ST', Weight: 'n/a', Country: 'FR' },
  { ItemNo: '30-0003', Description: 'Ear plugs, pack of 50', Unit: 'PAK', Weight: '0,01', Country: 'JP' },
];

let folder: string;
let store: SqliteRunStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-transforms-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  writeFileSync(join(folder, 'items.json'), JSON.stringify(items));
  writeFileSync(join(folder, 'erp-units.csv'), 'erp_unit;code\nST;H87\nKAR;XCT\nPAA;PR\nPAK;XPK\n');
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

function itemFlow() {
  return buildFlow(
    [
      ['read', 'json.read', { path: 'items.json', keyField: 'ItemNo' }],
      [
        'map',
        'map',
        {
          fields: [
            { target: 'sku', source: 'ItemNo' },
            { target: 'name', expression: '$clean(Description)' },
            { target: 'gtin', source: 'EAN' },
            { target: 'uom', source: 'Unit', lookup: 'units' },
            { target: 'weight.value', source: 'Weight', type: 'number', decimalSeparator: ',' },
            { target: 'weight.unit', value: 'KGM' },
            { target: 'country', source: 'Country' },
            { target: 'channel', value: { $param: 'channel' } },
          ],
          codeTables: { units: { file: 'erp-units.csv', keyColumn: 'erp_unit', valueColumn: 'code', delimiter: ';' } },
        },
      ],
      [
        'check',
        'validate',
        {
          schema: {
            type: 'object',
            required: ['sku', 'gtin', 'uom'],
            properties: { gtin: { type: 'string', format: 'gtin' }, weight: { type: 'object', required: ['value'] } },
          },
          rules: [{ name: 'uom-piece-or-pair', field: 'uom', in: ['H87', 'PR', 'XCT'], message: 'unit must be a piece, pair or carton' }],
        },
      ],
      [
        'route',
        'route',
        {
          routes: [
            { port: 'freight', condition: '$uomConvert(weight.value, weight.unit, "KGM") >= $params.freightFromKg' },
            { port: 'dach', field: 'country', in: ['DE', 'AT', 'CH'] },
          ],
        },
      ],
      ['freight', 'json.write', { path: 'out/freight.jsonl' }],
      ['dach', 'json.write', { path: 'out/dach.jsonl' }],
      ['other', 'json.write', { path: 'out/other.jsonl' }],
      ['rejected', 'json.write', { path: 'out/rejected.jsonl', include: 'envelope' }],
    ],
    ['read.out -> map', 'map.out -> check', 'check.valid -> route', 'check.invalid -> rejected', 'route.freight -> freight', 'route.dach -> dach', 'route.default -> other'],
    {
      parameters: {
        channel: { type: 'string', default: 'shop-de' },
        freightFromKg: { type: 'number', default: 30 },
      },
    },
  );
}

/** Reads a JSON Lines file the flow wrote; an absent file reads as no lines. */
function readLines(name: string): Record<string, unknown>[] {
  const path = join(folder, 'out', name);
  if (!existsSync(path)) {
    return [];
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const skusIn = (name: string): unknown[] => readLines(name).map((data) => data.sku);

describe('map, validate and route in one flow', () => {
  it('passes the flow check', () => {
    const { problems } = checkFlow(itemFlow(), registry, { flowDir: folder });
    expect(problems).toEqual([]);
  });

  it('reports expression errors by node and field before a run', () => {
    const flow = itemFlow();
    const map = flow.nodes.find((node) => node.id === 'map')!;
    (map.config.fields as { expression?: string }[])[1]!.expression = '$clean(Description';
    const route = flow.nodes.find((node) => node.id === 'route')!;
    (route.config.routes as { condition?: string }[])[0]!.condition = '$uomconvert(weight.value, "GRM", "KGM") > 1';
    const { problems } = checkFlow(flow, registry, { flowDir: folder });
    expect(problems.map((problem) => formatProblem(problem))).toEqual([
      `node 'map' field 'config.fields.1.expression': invalid JSONata at column 18: Expected ")" before end of expression`,
      "node 'route' field 'config.routes.0.condition': unknown function $uomconvert at column 1; did you mean $uomConvert?",
    ]);
  });

  it('routes valid records, keeps invalid ones and dead-letters bad values', async () => {
    const result = await runFlow({ flow: itemFlow(), registry, store, flowDir: folder, batchSize: 3 });

    expect(result.status).toBe('COMPLETED_WITH_ERRORS');
    expect(skusIn('freight.jsonl')).toEqual(['20-0815']);
    expect(skusIn('dach.jsonl')).toEqual(['10-4471']);
    expect(skusIn('other.jsonl')).toEqual(['10-4472']);

    expect(readLines('dach.jsonl')[0]).toEqual({
      sku: '10-4471',
      name: 'Hex bolt M8 x 40',
      gtin: '4012345000207',
      uom: 'XCT',
      weight: { value: 1.25, unit: 'KGM' },
      country: 'DE',
      channel: 'shop-de',
    });
    const deliveries = await store.findDeliveries('10-4471');
    expect(deliveries.map((delivery) => [delivery.nodeId, delivery.target])).toEqual([['dach', `file:${join(folder, 'out', 'dach.jsonl')}`]]);
  });

  it('stores rule failures on the records and failures in the dead letters', async () => {
    const result = await runFlow({ flow: itemFlow(), registry, store, flowDir: folder, batchSize: 3 });
    expect(result.status).toBe('COMPLETED_WITH_ERRORS');

    const rejected = readLines('rejected.jsonl') as unknown as FlowRecord[];
    expect(rejected.map((record) => [record.key, record.errors])).toEqual([
      ['30-0001', [{ field: 'gtin', rule: 'gtin-check-digit', message: "'gtin' 4012345000999 fails the GTIN check digit", node: 'check' }]],
      [
        '30-0003',
        [
          { field: 'gtin', rule: 'required', message: "'gtin' is required", node: 'check' },
          { field: 'uom', rule: 'uom-piece-or-pair', message: 'unit must be a piece, pair or carton', node: 'check' },
        ],
      ],
    ]);

    const letters = await store.listDeadLetters({ runId: result.runId });
    expect(letters.map((letter) => [letter.nodeId, letter.recordKey, letter.errorKind, letter.errorMessage])).toEqual([
      ['map', '20-0816', 'input', "field 'uom': 'PAL' is not in code table 'units' (source 'Unit')"],
      ['map', '30-0002', 'input', "field 'weight.value': 'n/a' is not a number (source 'Weight')"],
    ]);
    expect(letters[1]?.record.data).toEqual(items[5]);

    const steps = await store.getSteps(result.runId);
    const outputs = Object.fromEntries(steps.map((step) => [step.nodeId, step.outputs]));
    expect(steps.find((step) => step.nodeId === 'map')?.errors).toBe(2);
    expect(outputs.map).toEqual({ out: 5, error: 0 });
    expect(outputs.check).toEqual({ valid: 3, invalid: 2, error: 0 });
    expect(outputs.route).toEqual({ freight: 1, dach: 1, default: 1, error: 0 });
    expect(rejected[0]?.origin).toMatchObject({ node: 'read', file: join(folder, 'items.json') });
  });
});
