import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../flow/node-registry.js';
import { runFlow, type RunFlowOptions } from '../runtime/run-flow.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { DELIVERY_TEST_KINDS } from '../../test/support/delivery-kinds.js';
import { TEST_KINDS } from '../../test/support/test-kinds.js';
import { checkFilePathTemplate, expandPathTemplate } from './file-delivery.js';

const registry = new NodeRegistry([...TEST_KINDS, ...DELIVERY_TEST_KINDS]);
let folder: string;
let store: SqliteRunStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-delivery-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

function run(flow: FlowDocument, options: Partial<RunFlowOptions> = {}) {
  return runFlow({ flow, registry, store, flowDir: folder, batchSize: 4, ...options });
}

function writeInput(rows: Record<string, unknown>[]): void {
  writeFileSync(join(folder, 'in.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
}

function itemFlow(delivery: Record<string, unknown>, path: string, badValues: unknown[] = []): FlowDocument {
  return buildFlow(
    [
      ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
      ['check', 'test.reject', { field: 'uom', badValues }],
      ['write', 'test.jsonl-write', { path, delivery }],
    ],
    ['read.out -> check', 'check.out -> write'],
  );
}

function outputKeys(file: string): string[] {
  return readFileSync(join(folder, file), 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { key: string }).key);
}

function outputFiles(): string[] {
  return readdirSync(join(folder, 'out')).sort();
}

const rows = [
  { sku: 'A1', uom: 'EA' },
  { sku: 'A2', uom: 'BX' },
  { sku: 'A3', uom: 'EA' },
  { sku: 'A4', uom: 'XX' },
  { sku: 'A5', uom: 'EA' },
];

describe('snapshot delivery', () => {
  it('rewrites the complete target identically on a re-run', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'snapshot' }, 'out/items.jsonl');
    const first = await run(flow);
    const before = readFileSync(join(folder, 'out/items.jsonl'), 'utf8');
    const second = await run(flow, { continuation: { reason: 'rerun', parentRunId: first.runId } });
    expect(readFileSync(join(folder, 'out/items.jsonl'), 'utf8')).toBe(before);
    expect(outputKeys('out/items.jsonl')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(first.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(0);
    expect(second.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(5);
    expect(outputFiles()).toEqual(['items.jsonl']);
  });

  it('keeps the target when a run has fewer records than minRecords', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'snapshot', minRecords: 2 }, 'out/items.jsonl');
    await run(flow);
    writeInput([{ sku: 'A1', uom: 'EA' }]);
    const short = await run(flow);
    expect(short.status).toBe('FAILED');
    expect(short.error).toContain('items.jsonl: this run has 1 record for it, fewer than delivery.minRecords (2), so the file is left as it was');
    expect(outputKeys('out/items.jsonl')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(outputFiles()).toEqual(['items.jsonl']);
  });

  it('records only changed keys in the ledger', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'snapshot' }, 'out/items.jsonl');
    await run(flow);
    writeInput(rows.map((row) => (row.sku === 'A2' ? { ...row, uom: 'CS' } : row)));
    const second = await run(flow);
    expect((await store.findDeliveries('A2')).map((entry) => entry.runId)).toEqual([second.runId, second.runId - 1]);
    expect((await store.findDeliveries('A1')).map((entry) => entry.runId)).toEqual([second.runId - 1]);
    expect(second.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(4);
  });
});

describe('snapshot delivery in replay runs', () => {
  it('keeps the target and adds the replayed records once', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'snapshot' }, 'out/items.jsonl', ['XX', 'BX']);
    const first = await run(flow);
    expect(outputKeys('out/items.jsonl')).toEqual(['A1', 'A3', 'A5']);
    const letters = await store.listDeadLetters();
    const fixed = itemFlow({ mode: 'snapshot' }, 'out/items.jsonl', ['XX']);
    const records = letters.map((letter) => letter.record);
    const replay = await run(fixed, { continuation: { reason: 'replay', parentRunId: first.runId, entries: [{ nodeId: 'check', records: [...records, records[0]!] }] } });
    expect(outputKeys('out/items.jsonl')).toEqual(['A1', 'A3', 'A5', 'A2']);
    expect(replay.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(1);
    expect(readdirSync(join(folder, 'out'))).toEqual(['items.jsonl']);
  });

  it('leaves the target untouched when a replay adds nothing', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'snapshot' }, 'out/items.jsonl', ['XX']);
    const first = await run(flow);
    const before = readFileSync(join(folder, 'out/items.jsonl'), 'utf8');
    const [letter] = await store.listDeadLetters();
    await run(flow, { continuation: { reason: 'replay', parentRunId: first.runId, entries: [{ nodeId: 'check', records: [letter!.record] }] } });
    expect(readFileSync(join(folder, 'out/items.jsonl'), 'utf8')).toBe(before);
  });
});

describe('delta delivery', () => {
  it('writes a file per run and nothing again when the run is re-run', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'delta' }, 'out/{flow}-{runId}.jsonl');
    const first = await run(flow);
    const second = await run(flow, { continuation: { reason: 'rerun', parentRunId: first.runId } });
    expect(outputFiles()).toEqual([`test-flow-${first.runId}.jsonl`]);
    expect(second.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(5);
    expect(second.status).toBe('COMPLETED');
  });

  it('delivers everything again to a new trigger run', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'delta' }, 'out/{flow}-{runId}.jsonl');
    const first = await run(flow);
    const second = await run(flow);
    expect(outputKeys(`out/test-flow-${first.runId}.jsonl`)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(outputKeys(`out/test-flow-${second.runId}.jsonl`)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('sends only changed records with changedOnly', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'delta', changedOnly: true }, 'out/{flow}-{runId}.jsonl');
    await run(flow);
    writeInput(rows.map((row) => (row.sku === 'A3' ? { ...row, uom: 'PK' } : row)));
    const second = await run(flow);
    expect(outputKeys(`out/test-flow-${second.runId}.jsonl`)).toEqual(['A3']);
    expect(second.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(4);
  });

  it('delivers a changed record again within the same lineage', async () => {
    writeInput(rows);
    const flow = itemFlow({ mode: 'delta' }, 'out/{flow}-{runId}.jsonl');
    const first = await run(flow);
    writeInput(rows.map((row) => (row.sku === 'A5' ? { ...row, uom: 'KG' } : row)));
    const second = await run(flow, { continuation: { reason: 'rerun', parentRunId: first.runId } });
    expect(outputKeys(`out/test-flow-${second.runId}.jsonl`)).toEqual(['A5']);
  });

  it('writes no file and no ledger rows when the run fails', async () => {
    writeInput(rows);
    const flow = buildFlow(
      [
        ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
        ['check', 'test.reject', { field: 'uom', badValues: ['XX'] }, { onError: 'fail-run' }],
        ['write', 'test.jsonl-write', { path: 'out/{runId}.jsonl', delivery: { mode: 'delta' } }],
      ],
      ['read.out -> check', 'check.out -> write'],
    );
    const result = await run(flow);
    expect(result.status).toBe('FAILED');
    expect(existsSync(join(folder, 'out')) ? readdirSync(join(folder, 'out')) : []).toEqual([]);
    expect(await store.findDeliveries('A1')).toEqual([]);
    expect(await store.listPendingEffects()).toEqual([]);
  });
});

describe('dead letters and deliveries', () => {
  it('closes a dead letter when a later run delivers its key downstream', async () => {
    writeInput(rows);
    const broken = itemFlow({ mode: 'delta' }, 'out/{runId}.jsonl', ['XX', 'BX']);
    const first = await run(broken);
    expect(first.status).toBe('COMPLETED_WITH_ERRORS');
    expect((await store.listDeadLetters()).map((letter) => letter.recordKey)).toEqual(['A2', 'A4']);

    const fixed = itemFlow({ mode: 'delta' }, 'out/{runId}.jsonl', ['XX']);
    const second = await run(fixed, { continuation: { reason: 'rerun', parentRunId: first.runId } });
    expect(outputKeys(`out/${second.runId}.jsonl`)).toEqual(['A2']);
    const letters = await store.listDeadLetters({ includeResolved: true });
    expect(letters.map((letter) => [letter.recordKey, letter.runId, letter.resolvedByRunId, letter.resolution])).toEqual([
      ['A2', first.runId, second.runId, `delivered to file:${join(folder, 'out/{runId}.jsonl')} by run ${second.runId}`],
      ['A4', first.runId, second.runId, `superseded by dead letter 3 of run ${second.runId} at node 'check'`],
      ['A4', second.runId, null, null],
    ]);
  });

  it('leaves a dead letter open when the same run delivers a duplicate key', async () => {
    writeInput([...rows, { sku: 'A4', uom: 'EA' }]);
    const flow = itemFlow({ mode: 'delta' }, 'out/{runId}.jsonl', ['XX']);
    await run(flow);
    expect((await store.listDeadLetters()).map((letter) => letter.recordKey)).toEqual(['A4']);
  });
});

describe('checkFilePathTemplate', () => {
  it('requires {runId} for delta delivery', () => {
    expect(checkFilePathTemplate('out/items.jsonl', { mode: 'delta' })).toEqual([
      { field: 'path', message: "'out/items.jsonl' must contain {runId} for delta delivery, so that each run writes its own file; for example out/{flow}-{runId}.jsonl" },
    ]);
  });

  it('rejects {runId} and changedOnly for snapshot delivery', () => {
    expect(checkFilePathTemplate('out/{runId}.csv', { mode: 'snapshot', changedOnly: true })).toEqual([
      { field: 'path', message: "'out/{runId}.csv' contains {runId}, but snapshot delivery rewrites one file; remove {runId} or set delivery.mode to delta" },
      { field: 'delivery.changedOnly', message: 'applies to delta delivery only; snapshot delivery always writes the complete target' },
    ]);
  });

  it('rejects minRecords for delta delivery', () => {
    expect(checkFilePathTemplate('out/{runId}.csv', { mode: 'delta', minRecords: 1 })).toEqual([
      { field: 'delivery.minRecords', message: 'applies to snapshot delivery only; a delta run writes only what it processed' },
    ]);
  });

  it('names an unknown placeholder', () => {
    expect(checkFilePathTemplate('out/{flow}-{run}.csv', undefined)).toEqual([
      { field: 'path', message: "'out/{flow}-{run}.csv' has unknown placeholder {run}; use {flow}, {runId}, {node}, {date}" },
    ]);
  });

  it('expands only the placeholders given', () => {
    expect(expandPathTemplate('{flow}/{date}/{node}-{runId}.jsonl', { flow: 'items', runId: '7' })).toBe('items/{date}/{node}-7.jsonl');
  });
});
