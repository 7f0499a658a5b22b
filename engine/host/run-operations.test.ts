import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../flow/flow-schema.js';
import { NodeRegistry } from '../flow/node-registry.js';
import { silentLogger } from '../logger.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import type { RunEventMessage } from '../api/index.js';
import { DESIGNER_TEST_KINDS } from '../../test/support/designer-node-kinds.js';
import { itemFlow } from '../../test/support/sample-flows.js';
import { approveNode } from '../../nodes/approve/approve.node.js';
import { EngineHost } from './engine-host.js';

let folder: string;
let store: SqliteRunStore;
let host: EngineHost;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-operations-host-'));
  await mkdir(join(folder, 'flows'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  host = new EngineHost({ workspace: join(folder, 'flows'), registry: new NodeRegistry([...DESIGNER_TEST_KINDS, approveNode]), store, logger: silentLogger });
});

afterEach(async () => {
  await host.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

function finished(runId: number): Promise<RunEventMessage> {
  return new Promise((resolve) => {
    const unsubscribe = host.onRunEvent((event) => {
      if (event.runId === runId && event.type === 'run.finished') {
        unsubscribe();
        resolve(event);
      }
    });
  });
}

/** Items with prices 0.5, 1.5, 2.5 and 3.5; the map fails on prices over 2. */
function pricedFlow(): FlowDocument {
  const flow = itemFlow(4);
  flow.nodes[1]!.config = { fields: [{ target: 'price', expression: 'price > 2 ? $error("price " & price & " is too high") : price' }], keepOtherFields: true };
  return flow;
}

async function runToEnd(flow: FlowDocument): Promise<number> {
  await host.saveFlow({ path: `${flow.id}.flow.json`, flow });
  const { runId } = await host.startRun({ flow, path: `${flow.id}.flow.json` });
  await finished(runId);
  return runId;
}

describe('replay from the host', () => {
  it('replays chosen dead letters with edited data', async () => {
    const parent = await runToEnd(pricedFlow());
    const letters = (await host.listDeadLetters({ runId: parent })).deadLetters;
    expect(letters.map((letter) => letter.recordKey)).toEqual(['SKU-00003', 'SKU-00004']);
    const events: RunEventMessage[] = [];
    host.onRunEvent((event) => events.push(event));

    const { runs } = await host.replayDeadLetters({
      deadLetterIds: letters.map((letter) => letter.id),
      edits: [{ deadLetterId: letters[0]!.id, data: { ...letters[0]!.record.data, price: 1 } }],
    });
    expect(runs).toEqual([{ runId: parent + 1, parentRunId: parent, status: 'COMPLETED_WITH_ERRORS', error: null, deadLetterIds: letters.map((letter) => letter.id), edits: 1 }]);
    expect(events.map((event) => event.type)).toContain('run.finished');
    const open = (await host.listDeadLetters({})).deadLetters;
    expect(open.map((letter) => [letter.runId, letter.recordKey])).toEqual([[parent + 1, 'SKU-00004']]);
    const { run } = await host.getRun({ runId: parent + 1 });
    expect([run.reason, run.parentRunId]).toEqual(['replay', parent]);
  });

  it('rejects a replay of a closed dead letter', async () => {
    const parent = await runToEnd(pricedFlow());
    const [letter] = (await host.listDeadLetters({ runId: parent })).deadLetters;
    await host.replayDeadLetters({ deadLetterIds: [letter!.id], fromNode: 'validate-1' });
    await expect(host.replayDeadLetters({ deadLetterIds: [letter!.id] })).rejects.toThrow(`dead letter ${letter!.id} is already closed`);
  });
});

describe('rerun from the host', () => {
  it('runs a run again as its child', async () => {
    const parent = await runToEnd(itemFlow(3));
    const rerun = await host.rerunRun({ runId: parent });
    expect(rerun).toEqual({ runId: parent + 1, parentRunId: parent, status: 'COMPLETED', error: null, inputChanges: [] });
    const { run, nodes } = await host.getRun({ runId: rerun.runId });
    expect(run.reason).toBe('rerun');
    expect(nodes.map((node) => node.name)).toEqual(['Items', 'Upper names', 'Check uom', 'Write']);
  });
});

describe('approvals from the host', () => {
  function approvalFlow(): FlowDocument {
    return {
      formatVersion: 1,
      id: 'review',
      name: 'Review',
      nodes: [
        { id: 'items', type: 'test.generate', typeVersion: 1, name: 'Items', config: { count: 3, missingUomEvery: 0 }, position: { x: 0, y: 0 } },
        { id: 'review', type: 'approve', typeVersion: 1, name: 'Review', config: { role: 'compliance', editableFields: ['price'] }, position: { x: 300, y: 0 } },
        { id: 'approved', type: 'test.write', typeVersion: 1, name: 'Approved', config: { path: 'out/approved.jsonl' }, position: { x: 600, y: 0 } },
        { id: 'rejected', type: 'test.write', typeVersion: 1, name: 'Rejected', config: { path: 'out/rejected.jsonl' }, position: { x: 600, y: 200 } },
      ],
      edges: [
        { from: { node: 'items', port: 'out' }, to: { node: 'review', port: 'in' } },
        { from: { node: 'review', port: 'approved' }, to: { node: 'approved', port: 'in' } },
        { from: { node: 'review', port: 'rejected' }, to: { node: 'rejected', port: 'in' } },
      ],
    };
  }

  it('lists pending approvals with their records', async () => {
    const runId = await runToEnd(approvalFlow());
    const { approvals, defaultActor } = await host.listApprovals({});
    expect(typeof defaultActor).toBe('string');
    expect(approvals.map((approval) => [approval.runId, approval.recordKey, approval.status, approval.role, approval.approvalsGiven, approval.approvalsRequired])).toEqual([
      [runId, 'SKU-00001', 'PENDING', 'compliance', 0, 1],
      [runId, 'SKU-00002', 'PENDING', 'compliance', 0, 1],
      [runId, 'SKU-00003', 'PENDING', 'compliance', 0, 1],
    ]);
    expect(approvals[0]?.record.data).toMatchObject({ sku: 'SKU-00001', price: 0.5 });
  });

  it('approves after an edit by someone else and rejects with a comment', async () => {
    const runId = await runToEnd(approvalFlow());
    const [first, second] = (await host.listApprovals({})).approvals;

    const edited = await host.decideApprovals({ ids: [first!.id], action: 'approve', actor: 'ana', edits: { price: 9 } });
    expect(edited.decided).toEqual([{ id: first!.id, status: 'PENDING', approvalsNeeded: 1 }]);
    const ownApproval = await host.decideApprovals({ ids: [first!.id], action: 'approve', actor: 'ana' });
    expect(ownApproval.failures).toEqual([{ id: first!.id, message: `ana edited the data of approval ${first!.id} and cannot also approve it; another approver must check the change` }]);
    const approved = await host.decideApprovals({ ids: [first!.id], action: 'approve', actor: 'ben' });
    expect(approved.decided).toEqual([{ id: first!.id, status: 'APPROVED', approvalsNeeded: 0 }]);
    expect(approved.continued).toEqual([{ runId: runId + 1, parentRunId: runId, status: 'COMPLETED', error: null, approvalIds: [first!.id] }]);
    const written = await readFile(join(folder, 'flows/out/approved.jsonl'), 'utf8');
    expect(JSON.parse(written.trim()) as unknown).toMatchObject({ sku: 'SKU-00001', price: 9 });

    const noComment = await host.decideApprovals({ ids: [second!.id], action: 'reject', actor: 'ben' });
    expect(noComment.failures[0]?.message).toBe(`rejecting approval ${second!.id} needs a comment that says why; pass --comment`);
    const rejected = await host.decideApprovals({ ids: [second!.id], action: 'reject', actor: 'ben', comment: 'no safety sheet' });
    expect(rejected.decided).toEqual([{ id: second!.id, status: 'REJECTED', approvalsNeeded: 1 }]);
    expect((await host.listApprovals({})).approvals.map((approval) => approval.recordKey)).toEqual(['SKU-00003']);
  });
});
