import { describe, expect, it } from 'vitest';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { approveNode } from './approve.node.js';

const records = makeRecords(
  [
    { sku: 'H-1', hazard: 'flammable' },
    { sku: 'H-2', hazard: 'toxic' },
  ],
  'sku',
);

describe('approve node', () => {
  it('holds undecided records and emits nothing', async () => {
    const result = await runNode(approveNode, { role: 'compliance', approvalsRequired: 1, due: '2d', editableFields: ['hazard'] }, { batches: [records] });
    expect(result.ports).toEqual({});
    expect(result.held).toEqual([
      { records, request: { role: 'compliance', approvalsRequired: 1, editableFields: ['hazard'], dueInMs: 172_800_000, onOverdue: 'escalate' } },
    ]);
  });

  it('sends decided records to the port of their outcome', async () => {
    const decided = [
      { ...records[0]!, decision: { approvalId: 1, nodeId: 'node-under-test', outcome: 'approved' as const } },
      { ...records[1]!, decision: { approvalId: 2, nodeId: 'node-under-test', outcome: 'rejected' as const } },
    ];
    const result = await runNode(approveNode, { role: 'compliance' }, { batches: [decided] });
    expect(result.ports.approved?.map((record) => record.key)).toEqual(['H-1']);
    expect(result.ports.rejected?.map((record) => record.key)).toEqual(['H-2']);
    expect(result.held).toEqual([]);
  });

  it('sends on at once a record decided in an earlier run', async () => {
    const decision = { approvalId: 7, nodeId: 'node-under-test', outcome: 'rejected' as const, decidedBy: ['ana'], decidedAt: '2026-12-01T08:00:00.000Z', comment: 'no data sheet' };
    const result = await runNode(approveNode, { role: 'compliance' }, { batches: [records], decisions: new Map([['H-2', decision]]) });
    expect(result.ports.rejected).toEqual([{ ...records[1]!, decision }]);
    expect(result.ports.approved).toBeUndefined();
    expect(result.held.map((held) => held.records)).toEqual([[records[0]]]);
  });

  it('holds again a record decided at another approve node', async () => {
    const earlier = { ...records[0]!, decision: { approvalId: 1, nodeId: 'first-review', outcome: 'approved' as const } };
    const result = await runNode(approveNode, { assignee: 'ana' }, { batches: [[earlier]] });
    expect(result.ports).toEqual({});
    expect(result.held[0]?.records).toEqual([earlier]);
  });

  it('checks who decides and how many must approve', () => {
    const context = { resolvePath: (path: string) => path, expressions: { compile: () => { throw new Error('unused'); } } };
    expect(approveNode.check?.({}, context)).toEqual([{ field: '', message: 'set assignee, role or approvers, so that the approvals inbox shows who decides' }]);
    expect(approveNode.check?.({ approvers: ['ana'], approvalsRequired: 2 }, context)).toEqual([
      { field: 'approvalsRequired', message: '2 approvals are required but only 1 approvers are named; name more approvers or require fewer' },
    ]);
    expect(approveNode.check?.({ role: 'compliance', onOverdue: 'reject' }, context)).toEqual([
      { field: 'onOverdue', message: "'reject' needs a due time; set due, such as 2d" },
    ]);
  });
});
