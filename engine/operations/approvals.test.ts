import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { OperationsFixture } from '../../test/support/operations-fixture.js';
import { continueDecidedApprovals, decideApprovals, escalateOverdueApprovals } from './approvals.js';
import { rerunRun } from './rerun.js';

let fixture: OperationsFixture;

beforeEach(() => {
  fixture = new OperationsFixture();
  fixture.writeRows('in.jsonl', [
    { sku: 'H1', hazard: 'flammable' },
    { sku: 'H2', hazard: 'toxic' },
    { sku: 'H3', hazard: 'corrosive' },
  ]);
});

afterEach(async () => {
  await fixture.close();
});

function approvalFlow(review: Record<string, unknown>) {
  return buildFlow(
    [
      ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
      ['review', 'approve', review],
      ['approved', 'test.jsonl-write', { path: 'out/approved-{runId}.jsonl', delivery: { mode: 'delta' } }],
      ['rejected', 'test.jsonl-write', { path: 'out/rejected-{runId}.jsonl', delivery: { mode: 'delta' } }],
      ['overdue', 'test.jsonl-write', { path: 'out/overdue-{runId}.jsonl', delivery: { mode: 'delta' } }],
    ],
    ['read.out -> review', 'review.approved -> approved', 'review.rejected -> rejected', 'review.overdue -> overdue'],
  );
}

describe('approvals', () => {
  it('holds records and ends the run WAITING', async () => {
    const result = await fixture.run(approvalFlow({ role: 'compliance' }));
    expect(result.status).toBe('WAITING');
    const review = result.steps.find((step) => step.nodeId === 'review');
    expect([review?.status, review?.held, review?.outputs]).toEqual(['WAITING', 3, { approved: 0, rejected: 0, overdue: 0, error: 0 }]);
    const pending = await fixture.store.listApprovals({ statuses: ['PENDING'] });
    expect(pending.map((approval) => [approval.id, approval.recordKey, approval.role, approval.runId])).toEqual([
      [1, 'H1', 'compliance', result.runId],
      [2, 'H2', 'compliance', result.runId],
      [3, 'H3', 'compliance', result.runId],
    ]);
  });

  it('continues approved and rejected records to their ports and settles the parent', async () => {
    const parent = await fixture.run(approvalFlow({ role: 'compliance' }));
    const approved = await decideApprovals(fixture.context, [1, 3], { action: 'approve', actor: 'ana' });
    expect(approved.failures).toEqual([]);
    const first = await continueDecidedApprovals(fixture.context);
    expect(first.map((continuation) => [continuation.parent.id, continuation.approvals.map((approval) => approval.id), continuation.result.status, continuation.parentStatus])).toEqual([
      [parent.runId, [1, 3], 'COMPLETED', undefined],
    ]);
    expect((await fixture.store.getRun(parent.runId))?.status).toBe('WAITING');

    await decideApprovals(fixture.context, [2], { action: 'reject', actor: 'ben', comment: 'no safety data sheet' });
    const second = await continueDecidedApprovals(fixture.context);
    expect(second.map((continuation) => continuation.parentStatus)).toEqual(['COMPLETED']);
    expect(fixture.outputs()).toEqual({
      [`approved-${first[0]?.result.runId}.jsonl`]: ['H1', 'H3'],
      [`rejected-${second[0]?.result.runId}.jsonl`]: ['H2'],
    });
    const continuation = await fixture.store.getRun(second[0]?.result.runId as number);
    expect([continuation?.reason, continuation?.parentRunId]).toEqual(['approval', parent.runId]);
    expect(await continueDecidedApprovals(fixture.context)).toEqual([]);
  });

  it('supersedes a pending approval when a later run brings other content', async () => {
    const flow = approvalFlow({ role: 'compliance' });
    await fixture.run(flow);
    await decideApprovals(fixture.context, [1, 2, 3], { action: 'approve', actor: 'ana' });
    await continueDecidedApprovals(fixture.context);
    fixture.writeRows('in.jsonl', [
      { sku: 'H1', hazard: 'flammable', price: 7 },
      { sku: 'H2', hazard: 'toxic' },
      { sku: 'H3', hazard: 'corrosive' },
    ]);
    const changed = await fixture.run(flow);
    expect(changed.status).toBe('WAITING');
    expect((await fixture.store.listApprovals({ statuses: ['PENDING'] })).map((approval) => [approval.id, approval.recordKey])).toEqual([[4, 'H1']]);

    fixture.writeRows('in.jsonl', [
      { sku: 'H1', hazard: 'flammable' },
      { sku: 'H2', hazard: 'toxic' },
      { sku: 'H3', hazard: 'corrosive' },
    ]);
    const restored = await fixture.run(flow);
    expect(restored.status).toBe('COMPLETED');
    expect(await fixture.store.listApprovals({ statuses: ['PENDING'] })).toEqual([]);
    expect((await fixture.store.getApproval(4))?.supersededByRunId).toBe(restored.runId);
    expect((await fixture.store.getRun(changed.runId))?.status).toBe('COMPLETED');

    const late = await decideApprovals(fixture.context, [4], { action: 'approve', actor: 'ben' });
    expect(late.failures.map((failure) => (failure.error as Error).message)).toEqual([
      `approval 4 is out of date: run ${restored.runId} brought key 'H1' to node 'review' again with other content, so this record will not be delivered and needs no decision`,
    ]);
  });

  it('holds a record again when its content changes back before anyone decided', async () => {
    const flow = approvalFlow({ role: 'compliance' });
    const first = await fixture.run(flow);
    fixture.writeRows('in.jsonl', [
      { sku: 'H1', hazard: 'flammable', price: 7 },
      { sku: 'H2', hazard: 'toxic' },
      { sku: 'H3', hazard: 'corrosive' },
    ]);
    const changed = await fixture.run(flow);
    fixture.writeRows('in.jsonl', [
      { sku: 'H1', hazard: 'flammable' },
      { sku: 'H2', hazard: 'toxic' },
      { sku: 'H3', hazard: 'corrosive' },
    ]);
    const back = await fixture.run(flow);

    const pending = await fixture.store.listApprovals({ statuses: ['PENDING'] });
    expect(pending.map((approval) => [approval.recordKey, approval.runId])).toEqual([
      ['H2', first.runId],
      ['H3', first.runId],
      ['H1', back.runId],
    ]);
    expect((await fixture.store.getApproval(1))?.supersededByRunId).toBe(changed.runId);
    expect((await fixture.store.getApproval(4))?.supersededByRunId).toBe(back.runId);
    expect(back.status).toBe('WAITING');
    const decided = await decideApprovals(fixture.context, [pending[2]?.id as number], { action: 'approve', actor: 'ana' });
    expect(decided.failures).toEqual([]);
    await continueDecidedApprovals(fixture.context);
    expect(Object.values(fixture.outputs()).flat()).toEqual(['H1']);
  });

  it('keeps the audit trail of every decision', async () => {
    await fixture.run(approvalFlow({ approvers: ['ana', 'ben', 'cy'], approvalsRequired: 2, editableFields: ['hazard'] }));
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ana', edits: { hazard: 'flammable liquid' }, comment: 'class 3' });
    const refused = await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ana' });
    expect(refused.failures.map((failure) => (failure.error as Error).message)).toEqual([
      'ana edited the data of approval 1 and cannot also approve it; another approver must check the change',
    ]);
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ben' });
    const [decided] = (await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'cy' })).decided;
    expect(decided?.status).toBe('APPROVED');
    expect(decided?.record.data).toEqual({ sku: 'H1', hazard: 'flammable liquid' });
    expect(decided?.audit.map((entry) => [entry.action, entry.actor, entry.changes, entry.comment])).toEqual([
      ['edit', 'ana', { hazard: { from: 'flammable', to: 'flammable liquid' } }, 'class 3'],
      ['approve', 'ben', null, null],
      ['approve', 'cy', null, null],
    ]);
    const [continuation] = await continueDecidedApprovals(fixture.context);
    expect(fixture.outputs()[`approved-${continuation?.result.runId}.jsonl`]).toEqual(['H1']);
  });

  it('escalates overdue approvals to the overdue port', async () => {
    const parent = await fixture.run(approvalFlow({ role: 'compliance', due: 0 }));
    const escalated = await escalateOverdueApprovals(fixture.context, new Date(Date.now() + 1000));
    expect(escalated.map((approval) => [approval.id, approval.status])).toEqual([
      [1, 'OVERDUE'],
      [2, 'OVERDUE'],
      [3, 'OVERDUE'],
    ]);
    const [continuation] = await continueDecidedApprovals(fixture.context);
    expect(continuation?.parentStatus).toBe('COMPLETED');
    expect(fixture.outputs()).toEqual({ [`overdue-${continuation?.result.runId}.jsonl`]: ['H1', 'H2', 'H3'] });
    expect((await fixture.store.getRun(parent.runId))?.status).toBe('COMPLETED');
  });

  it('asks no one twice when a waiting run is re-run', async () => {
    const parent = await fixture.run(approvalFlow({ role: 'compliance' }));
    const rerun = await rerunRun(fixture.context, { runId: parent.runId, version: 'original' });
    expect(rerun.result.status).toBe('COMPLETED');
    expect(rerun.result.steps.find((step) => step.nodeId === 'review')?.unchanged).toBe(3);
    expect(await fixture.store.listApprovals()).toHaveLength(3);
  });

  it('asks no one twice while the earlier approval is pending', async () => {
    const flow = approvalFlow({ role: 'compliance' });
    await fixture.run(flow);
    const second = await fixture.run(flow);
    expect([second.status, second.steps.find((step) => step.nodeId === 'review')?.unchanged]).toEqual(['COMPLETED', 3]);
    expect(await fixture.store.listApprovals()).toHaveLength(3);
  });

  it('sends records decided in an earlier run on with that decision', async () => {
    const flow = approvalFlow({ role: 'compliance' });
    await fixture.run(flow);
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ana', comment: 'data sheet on file' });
    await decideApprovals(fixture.context, [2], { action: 'reject', actor: 'ben', comment: 'no safety data sheet' });
    await continueDecidedApprovals(fixture.context);
    const [approved, rejected] = await fixture.store.listApprovals({ ids: [1, 2] });

    const next = await fixture.run(flow);
    const review = next.steps.find((step) => step.nodeId === 'review');
    expect([next.status, review?.held, review?.outputs]).toEqual(['COMPLETED', 0, { approved: 1, rejected: 1, overdue: 0, error: 0 }]);
    expect(fixture.outputs()[`approved-${next.runId}.jsonl`]).toEqual(['H1']);
    expect(await fixture.store.getSample(next.runId, 'review', 'rejected')).toEqual([
      expect.objectContaining({
        key: 'H2',
        decision: { approvalId: 2, nodeId: 'review', outcome: 'rejected', decidedBy: ['ben'], decidedAt: rejected?.decidedAt, comment: 'no safety data sheet' },
      }),
    ]);
    expect((await fixture.store.getSample(next.runId, 'review', 'approved'))[0]?.decision).toEqual({
      approvalId: 1,
      nodeId: 'review',
      outcome: 'approved',
      decidedBy: ['ana'],
      decidedAt: approved?.decidedAt,
      comment: 'data sheet on file',
    });
    // H3 is still pending from the first run, so it is not held twice.
    expect(review?.unchanged).toBe(1);
    expect(await fixture.store.listApprovals()).toHaveLength(3);
  });

  it('holds a decided record again when its content changed', async () => {
    const flow = approvalFlow({ role: 'compliance' });
    await fixture.run(flow);
    await decideApprovals(fixture.context, [1, 2, 3], { action: 'approve', actor: 'ana' });
    fixture.writeRows('in.jsonl', [
      { sku: 'H1', hazard: 'flammable' },
      { sku: 'H2', hazard: 'toxic, corrosive' },
      { sku: 'H3', hazard: 'corrosive' },
    ]);
    const next = await fixture.run(flow);
    expect(next.steps.find((step) => step.nodeId === 'review')?.outputs.approved).toBe(2);
    expect((await fixture.store.listApprovals({ statuses: ['PENDING'] })).map((approval) => [approval.id, approval.recordKey, approval.runId])).toEqual([
      [4, 'H2', next.runId],
    ]);
  });

  it('sends a decided record on with the data as edited', async () => {
    const flow = approvalFlow({ role: 'compliance', editableFields: ['hazard'] });
    await fixture.run(flow);
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ana', edits: { hazard: 'flammable liquid' } });
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ben' });
    await continueDecidedApprovals(fixture.context);
    const next = await fixture.run(flow);
    expect((await fixture.store.getSample(next.runId, 'review', 'approved')).map((record) => record.data)).toEqual([{ sku: 'H1', hazard: 'flammable liquid' }]);
  });

  it('continues again after a continuation was interrupted', async () => {
    await fixture.run(approvalFlow({ role: 'compliance' }));
    await decideApprovals(fixture.context, [1], { action: 'approve', actor: 'ana' });
    const [interrupted] = await continueDecidedApprovals(fixture.context);
    await fixture.store.updateRun(interrupted?.result.runId as number, { status: 'INTERRUPTED' });
    const [again] = await continueDecidedApprovals(fixture.context);
    expect(again?.approvals.map((approval) => approval.id)).toEqual([1]);
    // The interrupted continuation already delivered H1, so the new one finds it unchanged.
    expect(again?.result.steps.find((step) => step.nodeId === 'approved')?.unchanged).toBe(1);
  });
});
