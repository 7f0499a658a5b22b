import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { flowHash } from './run-flow.js';
import { recoverPendingEffects } from './effect-recovery.js';

let folder: string;
let store: SqliteRunStore;
const flow = buildFlow(
  [
    ['read', 'test.numbers', { count: 1 }],
    ['check', 'test.double', {}],
    ['write', 'test.collect', { name: 'out' }],
  ],
  ['read.out -> check', 'check.out -> write'],
);

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-recovery-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  await store.saveFlowVersion(flowHash(flow), flow);
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

async function newRun(status: 'INTERRUPTED' | 'RUNNING' = 'INTERRUPTED') {
  const run = await store.createRun({ flowId: flow.id, flowName: flow.name, flowHash: flowHash(flow), flowPath: null, reason: 'trigger', parentRunId: null, params: {} });
  await store.updateRun(run.id, { status });
  return run.id;
}

/** Leaves an effect as a process killed at some step would: with rows staged, sealed or not, and files in some state. */
async function pendingEffect(runId: number, options: { seal?: string; location?: string; temporary?: string }) {
  const location = join(folder, 'out.jsonl');
  const temporary = join(folder, '.out.jsonl.tmp');
  if (options.location !== undefined) {
    writeFileSync(location, options.location);
  }
  if (options.temporary !== undefined) {
    writeFileSync(temporary, options.temporary);
  }
  const id = await store.beginEffect({ runId, nodeId: 'write', target: 'file:out', location, temporaryLocation: temporary });
  await store.stageDeliveries(id, [{ key: 'A1', hash: 'h1' }]);
  if (options.seal !== undefined) {
    await store.sealEffect(id, sha256(options.seal));
  }
  return { id, location, temporary };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('recoverPendingEffects', () => {
  it('discards an effect killed before it was sealed', async () => {
    const runId = await newRun();
    const effect = await pendingEffect(runId, { temporary: '{"key":"A1"}\n' });
    expect(await recoverPendingEffects(store)).toEqual({ confirmed: [], discarded: [effect.id] });
    expect(existsSync(effect.temporary)).toBe(false);
    expect(await store.lastDelivered('file:out', ['A1'])).toEqual(new Map());
    expect(await store.listPendingEffects()).toEqual([]);
  });

  it('confirms an effect killed after its file was renamed into place', async () => {
    const runId = await newRun();
    const effect = await pendingEffect(runId, { seal: '{"key":"A1"}\n', location: '{"key":"A1"}\n' });
    expect(await recoverPendingEffects(store)).toEqual({ confirmed: [effect.id], discarded: [] });
    expect(await store.lastDelivered('file:out', ['A1'])).toEqual(new Map([['A1', 'h1']]));
  });

  it('discards a sealed effect whose rename never happened', async () => {
    const runId = await newRun();
    const missing = await pendingEffect(runId, { seal: 'new\n', temporary: 'new\n' });
    expect((await recoverPendingEffects(store)).discarded).toEqual([missing.id]);

    const runId2 = await newRun();
    const older = await pendingEffect(runId2, { seal: 'new\n', location: 'old snapshot\n', temporary: 'new\n' });
    expect((await recoverPendingEffects(store)).discarded).toEqual([older.id]);
    expect(await store.lastDelivered('file:out', ['A1'])).toEqual(new Map());
  });

  it('leaves effects of live runs alone', async () => {
    const runId = await newRun('RUNNING');
    await pendingEffect(runId, { temporary: 'partial' });
    expect(await recoverPendingEffects(store)).toEqual({ confirmed: [], discarded: [] });
    expect(await store.listPendingEffects()).toHaveLength(1);
  });

  it('closes the dead letters a recovered delivery settles', async () => {
    const failed = await newRun();
    await store.addDeadLetters([
      { runId: failed, flowId: flow.id, nodeId: 'check', record: { key: 'A1', origin: { node: 'read', index: 0 }, data: {} }, errorKind: 'input', errorMessage: 'bad', attempts: 1 },
    ]);
    const runId = await newRun();
    await pendingEffect(runId, { seal: 'x\n', location: 'x\n' });
    await recoverPendingEffects(store);
    const [letter] = await store.listDeadLetters({ includeResolved: true });
    expect([letter?.resolvedByRunId, letter?.resolution]).toEqual([runId, `delivered to file:out by run ${runId}`]);
  });
});
