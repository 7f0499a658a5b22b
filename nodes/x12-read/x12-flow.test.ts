/**
 * Runs real flows end to end against a temporary SQLite run store. An 850 file with one broken
 * set is read, and the good set is written as X12 and as JSON Lines. The broken one lands in the
 * dead letters, or with an error edge, in a 997 that goes back to the sender.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFlow } from '../../engine/flow/load-flow.js';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { runFlow } from '../../engine/runtime/run-flow.js';
import { SqliteRunStore } from '../../engine/store/sqlite-run-store.js';
import { createNodeRegistry } from '../index.js';
import { readX12File } from '../x12-common/x12-reader.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const position = { x: 0, y: 0 };

function flowFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'x12-flow-'));
  copyFileSync(join(FIXTURES, 'po-850-one-broken.x12'), join(folder, 'inbound.x12'));
  return folder;
}

const stores: SqliteRunStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) {
    await store.close();
  }
});

describe('x12 flows', () => {
  it('read to json.write and x12.write sends the broken set to the dead letters', async () => {
    const folder = flowFolder();
    const flow: FlowDocument = {
      formatVersion: 1,
      id: 'po-inbound',
      name: 'PO inbound',
      nodes: [
        { id: 'read', type: 'x12.read', typeVersion: 1, name: 'Read POs', config: { path: 'inbound.x12' }, position },
        {
          id: 'write',
          type: 'x12.write',
          typeVersion: 1,
          name: 'Write accepted POs',
          config: { path: 'out/accepted.x12', setControlNumbers: 'keep', controlNumbers: { start: 900 } },
          position,
        },
        { id: 'json', type: 'json.write', typeVersion: 1, name: 'Keep accepted POs as JSON', config: { path: 'out/accepted.jsonl', include: 'envelope' }, position },
      ],
      edges: [
        { from: { node: 'read', port: 'out' }, to: { node: 'write', port: 'in' } },
        { from: { node: 'read', port: 'out' }, to: { node: 'json', port: 'in' } },
      ],
    };
    const registry = createNodeRegistry();
    expect(checkFlow(flow, registry, { flowDir: folder }).problems).toEqual([]);
    const store = new SqliteRunStore(join(folder, 'history.sqlite'));
    stores.push(store);

    const result = await runFlow({ flow, registry, store, flowDir: folder });

    expect(result.status).toBe('COMPLETED_WITH_ERRORS');
    expect(result.error).toBeNull();
    const steps = await store.getSteps(result.runId);
    expect(steps.map((step) => [step.nodeId, step.status, step.recordsIn, step.outputs, step.errors])).toEqual([
      ['read', 'COMPLETED', 0, { out: 1, error: 0 }, 1],
      ['write', 'COMPLETED', 1, { error: 0 }, 0],
      ['json', 'COMPLETED', 1, { error: 0 }, 0],
    ]);

    const deadLetters = await store.listDeadLetters({ runId: result.runId });
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      nodeId: 'read',
      recordKey: 'PO-48214',
      errorKind: 'input',
      errorMessage:
        "inbound.x12: interchange 000000102, group 102, set 850 0002: SE01 is '9' but the set has 7 segments from ST to SE (segment SE at position 7 of the set, line 28, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
      origin: { node: 'read', file: join(folder, 'inbound.x12'), line: 22, index: 1 },
    });

    const written = await readX12File(join(folder, 'out', 'accepted.x12'));
    expect(written.records.map((record) => [record.key, record.data.controlNumber, record.errors.length])).toEqual([['PO-48213', '0001', 0]]);
    expect(written.records[0]!.data.interchange.controlNumber).toBe('000000900');

    const lines = readFileSync(join(folder, 'out', 'accepted.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const envelope = JSON.parse(lines[0]!) as { key: string; origin: { line: number }; data: { transactionSet: string; document: { lines: unknown[] } } };
    expect(envelope.key).toBe('PO-48213');
    expect(envelope.origin.line).toBe(3);
    expect(envelope.data.transactionSet).toBe('850');
    expect(envelope.data.document.lines).toHaveLength(2);

    const ledger = await store.findDeliveries('PO-48213');
    expect(ledger.map((entry) => [entry.target, entry.nodeId, entry.runId]).sort()).toEqual(
      [
        [`file:${join(folder, 'out', 'accepted.jsonl')}`, 'json', result.runId],
        [`file:${join(folder, 'out', 'accepted.x12')}`, 'write', result.runId],
      ].sort(),
    );
    expect((await store.getRun(result.runId))!.trigger).toEqual([{ nodeId: 'read', path: join(folder, 'inbound.x12'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 813 }]);
  });

  it('acknowledges accepted and failed sets with one 997', async () => {
    const folder = flowFolder();
    const flow: FlowDocument = {
      formatVersion: 1,
      id: 'po-ack',
      name: 'PO acknowledgment',
      nodes: [
        { id: 'read', type: 'x12.read', typeVersion: 1, name: 'Read POs', config: { path: 'inbound.x12' }, position },
        { id: 'ack', type: 'x12.ack', typeVersion: 1, name: 'Build 997', config: {}, position },
        { id: 'send', type: 'x12.write', typeVersion: 1, name: 'Write 997', config: { path: 'out/997.x12' }, position },
      ],
      edges: [
        { from: { node: 'read', port: 'out' }, to: { node: 'ack', port: 'in' } },
        { from: { node: 'read', port: 'error' }, to: { node: 'ack', port: 'in' } },
        { from: { node: 'ack', port: 'out' }, to: { node: 'send', port: 'in' } },
      ],
    };
    const registry = createNodeRegistry();
    const store = new SqliteRunStore(join(folder, 'history.sqlite'));
    stores.push(store);

    const result = await runFlow({ flow, registry, store, flowDir: folder });

    expect(result.status).toBe('COMPLETED');
    expect(await store.listDeadLetters({ runId: result.runId })).toEqual([]);
    const steps = await store.getSteps(result.runId);
    expect(steps.map((step) => [step.nodeId, step.recordsIn, step.outputs])).toEqual([
      ['read', 0, { out: 1, error: 1 }],
      ['ack', 2, { out: 1, error: 0 }],
      ['send', 1, { error: 0 }],
    ]);
    const written = await readX12File(join(folder, 'out', '997.x12'));
    expect(written.records[0]!.data.segments.map((segment) => segment.id)).toEqual(['ST', 'AK1', 'AK2', 'AK5', 'AK2', 'AK5', 'AK9', 'SE']);
    expect(written.records[0]!.data.document).toMatchObject({ groupResult: { status: 'P', setsReceived: 2, setsAccepted: 1 } });
    expect(written.records[0]!.data.interchange).toMatchObject({ senderId: 'ACMETOOLS', receiverId: 'NWSUPPLY' });
  });
});
