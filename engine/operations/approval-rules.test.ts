import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import type { Approval, ApprovalAuditEntry } from '../store/approval-store.js';
import { approvalsStillNeeded, decideApproval, decidedRecord, escalateApproval } from './approval-rules.js';

function approval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 7,
    runId: 3,
    rootRunId: 3,
    flowId: 'items',
    flowHash: 'abc',
    nodeId: 'review',
    recordKey: 'H-100',
    contentHash: 'h',
    record: { key: 'H-100', origin: { node: 'read', index: 0 }, data: { sku: 'H-100', unNumber: 'UN1203' } },
    assignee: null,
    role: 'compliance',
    approvers: [],
    approvalsRequired: 1,
    editableFields: [],
    summaryFields: [],
    dueAt: null,
    onOverdue: 'escalate',
    status: 'PENDING',
    createdAt: '2026-12-01T00:00:00.000Z',
    decidedAt: null,
    continuationRunId: null,
    supersededByRunId: null,
    audit: [],
    ...overrides,
  };
}

const hazardRecord: FlowRecord = { key: 'H-100', origin: { node: 'read', index: 0 }, data: { sku: 'H-100', hazard: { class: '3', unNumber: 'UN1203' } } };

function entry(action: ApprovalAuditEntry['action'], actor: string): ApprovalAuditEntry {
  return { action, actor, changes: null, comment: null, decidedAt: '2026-12-01T01:00:00.000Z' };
}

describe('decideApproval', () => {
  it('approves with one approval by default', () => {
    expect(decideApproval(approval(), { action: 'approve', actor: 'ana' })).toEqual({
      status: 'APPROVED',
      audit: { action: 'approve', actor: 'ana', changes: null, comment: null },
    });
  });

  it('needs N approvals from different people', () => {
    const twoOfThree = approval({ approvers: ['ana', 'ben', 'cy'], approvalsRequired: 2 });
    expect(decideApproval(twoOfThree, { action: 'approve', actor: 'ana' }).status).toBe('PENDING');
    const afterAna = { ...twoOfThree, audit: [entry('approve', 'ana')] };
    expect(approvalsStillNeeded(afterAna)).toBe(1);
    expect(() => decideApproval(afterAna, { action: 'approve', actor: 'ana' })).toThrow('ana has already approved approval 7; 1 more needed from other approvers');
    expect(decideApproval(afterAna, { action: 'approve', actor: 'ben' }).status).toBe('APPROVED');
  });

  it('lets only named approvers decide', () => {
    const named = approval({ approvers: ['ana', 'ben'] });
    const attempt = (): unknown => decideApproval(named, { action: 'approve', actor: 'eve' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('eve is not an approver of approval 7; its approvers are ana, ben');
  });

  it('rejects with one rejection and needs a comment', () => {
    expect(() => decideApproval(approval(), { action: 'reject', actor: 'ana' })).toThrow('rejecting approval 7 needs a comment that says why; pass --comment');
    expect(decideApproval(approval(), { action: 'reject', actor: 'ana', comment: 'wrong UN number' })).toEqual({
      status: 'REJECTED',
      audit: { action: 'reject', actor: 'ana', changes: null, comment: 'wrong UN number' },
    });
  });

  it('records an edit without approving', () => {
    const editable = approval({ editableFields: ['unNumber'] });
    const change = decideApproval(editable, { action: 'approve', actor: 'ana', edits: { unNumber: 'UN1202' }, comment: 'typo' });
    expect(change.status).toBe('PENDING');
    expect(change.record?.data).toEqual({ sku: 'H-100', unNumber: 'UN1202' });
    expect(change.audit).toEqual({ action: 'edit', actor: 'ana', changes: { unNumber: { from: 'UN1203', to: 'UN1202' } }, comment: 'typo' });
  });

  it('keeps the editor from approving the edit', () => {
    const edited = approval({ editableFields: ['unNumber'], audit: [entry('edit', 'ana')] });
    expect(() => decideApproval(edited, { action: 'approve', actor: 'ana' })).toThrow(
      'ana edited the data of approval 7 and cannot also approve it; another approver must check the change',
    );
    expect(decideApproval(edited, { action: 'approve', actor: 'ben' }).status).toBe('APPROVED');
  });

  it('discounts approvals given before an edit', () => {
    const twoNeeded = approval({ approvalsRequired: 2, editableFields: ['unNumber'], audit: [entry('approve', 'ben'), entry('edit', 'ana')] });
    expect(approvalsStillNeeded(twoNeeded)).toBe(2);
    expect(decideApproval(twoNeeded, { action: 'approve', actor: 'ben' }).status).toBe('PENDING');
  });

  it('rejects edits of fields not listed as editable', () => {
    expect(() => decideApproval(approval(), { action: 'approve', actor: 'ana', edits: { sku: 'X' } })).toThrow(
      "field 'sku' of approval 7 is not editable; node 'review' allows no edits",
    );
    expect(() => decideApproval(approval({ editableFields: ['unNumber'] }), { action: 'approve', actor: 'ana', edits: { sku: 'X' } })).toThrow(
      "field 'sku' of approval 7 is not editable; the editable fields are unNumber (with the fields inside them)",
    );
    const nested = approval({ editableFields: ['hazard.unNumber'], record: hazardRecord });
    expect(() => decideApproval(nested, { action: 'approve', actor: 'ana', edits: { hazard: {} } })).toThrow(
      "field 'hazard' of approval 7 is not editable as a whole; only hazard.unNumber inside it can be changed",
    );
    expect(() => decideApproval(approval({ editableFields: ['hazard'] }), { action: 'approve', actor: 'ana', edits: { 'hazard..class': '3' } })).toThrow(
      "--edit for approval 7: 'hazard..class' is not a field path: segments between dots must not be empty",
    );
  });

  it('changes a field inside an editable field', () => {
    const editable = approval({ editableFields: ['hazard'], record: hazardRecord });
    const change = decideApproval(editable, { action: 'approve', actor: 'ana', edits: { 'hazard.unNumber': 'UN1993' } });
    expect(change.record?.data).toEqual({ sku: 'H-100', hazard: { class: '3', unNumber: 'UN1993' } });
    expect(change.audit.changes).toEqual({ 'hazard.unNumber': { from: 'UN1203', to: 'UN1993' } });
    expect(hazardRecord.data.hazard).toEqual({ class: '3', unNumber: 'UN1203' });
  });

  it('names a missing field inside an editable field', () => {
    const editable = approval({ editableFields: ['hazard'], record: hazardRecord });
    expect(() => decideApproval(editable, { action: 'approve', actor: 'ana', edits: { 'hazard.unNumbr': 'UN1993' } })).toThrow(
      "field 'hazard.unNumbr' of approval 7 does not exist; 'hazard' has class, unNumber. To add a field, set 'hazard' as a whole",
    );
    const noHazard = approval({ editableFields: ['hazard'], record: { ...hazardRecord, data: { sku: 'H-100', hazard: null } } });
    expect(() => decideApproval(noHazard, { action: 'approve', actor: 'ana', edits: { 'hazard.class': '3' } })).toThrow(
      "field 'hazard.class' of approval 7 cannot be set: 'hazard' is null, not an object; set 'hazard' as a whole instead",
    );
  });

  it('counts an edit to the current value as no change', () => {
    const editable = approval({ editableFields: ['hazard'], record: hazardRecord });
    expect(decideApproval(editable, { action: 'approve', actor: 'ana', edits: { 'hazard.unNumber': 'UN1203' }, comment: 'checked' })).toEqual({
      status: 'APPROVED',
      audit: { action: 'approve', actor: 'ana', changes: null, comment: 'checked' },
    });
    // `--edit hazard.class=3` reads 3 as a number; the field holds text, so it is the same value.
    expect(decideApproval(editable, { action: 'approve', actor: 'ana', edits: { 'hazard.class': 3, hazard: { unNumber: 'UN1203', class: '3' } } }).status).toBe('APPROVED');
    const partly = decideApproval(editable, { action: 'approve', actor: 'ana', edits: { 'hazard.class': '3', 'hazard.unNumber': 'UN1993' } });
    expect(partly.audit.changes).toEqual({ 'hazard.unNumber': { from: 'UN1203', to: 'UN1993' } });
  });

  it('refuses a decision on a decided approval', () => {
    expect(() => decideApproval(approval({ status: 'REJECTED' }), { action: 'approve', actor: 'ana' })).toThrow(
      'approval 7 is already rejected; there is nothing left to decide',
    );
  });
});

describe('escalateApproval', () => {
  const now = new Date('2026-12-02T00:00:00.000Z');

  it('escalates an overdue approval to the overdue port', () => {
    expect(escalateApproval(approval({ dueAt: '2026-12-01T12:00:00.000Z' }), now)).toEqual({
      status: 'OVERDUE',
      audit: { action: 'escalate', actor: 'flowmason', changes: null, comment: 'due 2026-12-01T12:00:00.000Z passed without a decision' },
    });
  });

  it('rejects or waits as the node says', () => {
    expect(escalateApproval(approval({ dueAt: '2026-12-01T12:00:00.000Z', onOverdue: 'reject' }), now)?.status).toBe('REJECTED');
    expect(escalateApproval(approval({ dueAt: '2026-12-01T12:00:00.000Z', onOverdue: 'wait' }), now)).toBeUndefined();
  });

  it('leaves approvals not yet due', () => {
    expect(escalateApproval(approval({ dueAt: '2026-12-03T00:00:00.000Z' }), now)).toBeUndefined();
    expect(escalateApproval(approval(), now)).toBeUndefined();
  });
});

describe('decidedRecord', () => {
  it('attaches the outcome and who decided', () => {
    const approved = approval({ status: 'APPROVED', audit: [entry('approve', 'ana')] });
    expect(decidedRecord(approved).decision).toEqual({ approvalId: 7, nodeId: 'review', outcome: 'approved', decidedBy: ['ana'] });
    expect(decidedRecord(approval({ status: 'OVERDUE' })).decision?.outcome).toBe('overdue');
  });
});
