import { statSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../flow/node-registry.js';
import { runFlow } from '../runtime/run-flow.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { DELIVERY_TEST_KINDS } from '../../test/support/delivery-kinds.js';
import { TEST_KINDS } from '../../test/support/test-kinds.js';
import { approveNode } from '../../nodes/approve/approve.node.js';
import type { RetentionPolicy } from './retention.js';
import { SqliteRunStore } from './sqlite-run-store.js';

const registry = new NodeRegistry([...TEST_KINDS, ...DELIVERY_TEST_KINDS, approveNode]);
let folder: string;
let store: SqliteRunStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-retention-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const keepThree: RetentionPolicy = { maximumAgeMs: null, runsPerFlow: 3, sampleSize: 20 };

function writeInput(rows: number, badEvery = 0, prefix = 'S'): void {
  const lines = Array.from({ length: rows }, (_, index) => JSON.stringify({ sku: `${prefix}${index}`, uom: badEvery > 0 && index % badEvery === 0 ? 'XX' : 'EA', note: 'x'.repeat(80) }));
  writeFileSync(join(folder, 'in.jsonl'), lines.join('\n'));
}

const deltaFlow = buildFlow(
  [
    ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
    ['check', 'test.reject', { field: 'uom', badValues: ['XX'] }],
    ['write', 'test.jsonl-write', { path: 'out/items-{runId}.jsonl', delivery: { mode: 'delta' } }],
  ],
  ['read.out -> check', 'check.out -> write'],
);

function run(flow = deltaFlow, continuation?: Parameters<typeof runFlow>[0]['continuation']) {
  return runFlow({ flow, registry, store, flowDir: folder, batchSize: 50, ...(continuation === undefined ? {} : { continuation }) });
}

function fileBytes(): number {
  const path = join(folder, 'history.db');
  return statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
}

describe('applyRetention', () => {
  it('deletes runs beyond the count per flow', async () => {
    writeInput(5);
    for (let index = 0; index < 5; index++) {
      await run();
    }
    const result = await store.applyRetention(keepThree, { compaction: 'incremental' });
    expect(result).toEqual({ deletedRuns: 2, protectedRuns: 0, deletedLedgerRows: 10, trimmedSamples: 0 });
    expect((await store.listRuns()).map((summary) => summary.id)).toEqual([5, 4, 3]);
    expect(await store.getSteps(1)).toEqual([]);
  });

  it('keeps the newest ledger row of each key from deleted runs', async () => {
    writeInput(5);
    for (let index = 0; index < 5; index++) {
      await run();
    }
    const result = await store.applyRetention({ ...keepThree, runsPerFlow: 1 }, { compaction: 'incremental' });
    expect(result.deletedLedgerRows).toBe(20);
    expect((await store.findDeliveries('S2')).map((entry) => entry.runId)).toEqual([5]);
  });

  it('never deletes runs with open dead letters, pending approvals or kept descendants', async () => {
    writeInput(4, 2, 'OLD');
    const withDeadLetters = await run();
    writeInput(4);
    const parent = await run();
    await run(deltaFlow, { reason: 'rerun', parentRunId: parent.runId });
    const approvalFlow = buildFlow(
      [
        ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
        ['review', 'approve', { role: 'compliance' }],
      ],
      ['read.out -> review'],
    );
    const waiting = await run(approvalFlow);
    expect(waiting.status).toBe('WAITING');
    for (let index = 0; index < 4; index++) {
      await run();
    }
    // Runs 1 to 4 are beyond the newest three of the flow; 1 has open dead letters, 4 waits for approvals.
    const result = await store.applyRetention(keepThree, { compaction: 'full' });
    expect(result.protectedRuns).toBe(2);
    expect((await store.listRuns()).map((summary) => summary.id)).toEqual([8, 7, 6, 4, 1]);
    expect((await store.listDeadLetters()).map((letter) => letter.runId)).toEqual([withDeadLetters.runId, withDeadLetters.runId]);

    // A kept replay keeps the runs it continues.
    const replay = await run(deltaFlow, { reason: 'replay', parentRunId: 8 });
    await store.applyRetention({ ...keepThree, runsPerFlow: 1 }, { compaction: 'incremental' });
    expect((await store.listRuns()).map((summary) => summary.id)).toEqual([replay.runId, 8, 4, 1]);
  });

  it('keeps the history file bounded over 200 runs', async () => {
    writeInput(40, 7);
    const sizes: number[] = [];
    for (let index = 0; index < 200; index++) {
      await run();
      await store.applyRetention({ maximumAgeMs: null, runsPerFlow: 10, sampleSize: 20 }, { compaction: 'incremental' });
      sizes.push(fileBytes());
    }
    // Dead letters of earlier runs are superseded by each new run's, so only ten runs stay.
    expect((await store.listRuns({ limit: 1000 })).length).toBe(10);
    const settled = Math.max(...sizes.slice(20, 40));
    // Page reuse wobbles by a page or two from run to run; growth with the run count would exceed 5 %.
    expect(Math.max(...sizes.slice(100))).toBeLessThanOrEqual(settled * 1.05);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
