/**
 * `flowmason approvals`, `approve` and `reject` through the built CLI. Every command is a new
 * process, so each test also shows that pending approvals live in the history file, not in a
 * process.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliFixture, itemFlow } from '../../../test/support/cli-fixture.js';

let fixture: CliFixture;

beforeEach(() => {
  fixture = new CliFixture();
});

afterEach(() => {
  fixture.close();
});

/** Returns the item flow with the approve node configured as given. */
function withReview(config: Record<string, unknown>): Record<string, unknown> {
  const flow = itemFlow('utf-8') as { nodes: { id: string; config: Record<string, unknown> }[] };
  const review = flow.nodes.find((node) => node.id === 'review');
  if (review !== undefined) {
    review.config = config;
  }
  return flow;
}

describe('flowmason approvals', () => {
  it('lists pending approvals with who decides', () => {
    fixture.writeFlow(withReview({ approvers: ['ana', 'ben', 'cy'], approvalsRequired: 2, due: '2d' }));
    expect(fixture.cli('run', 'items.flow.json').stdout).toContain('run 1 WAITING\n');
    expect(fixture.cli('approvals')).toEqual({
      status: 0,
      stdout: [
        'ID  FLOW  RUN  NODE  KEY  DECIDES  APPROVALS  DUE',
        '1  items  1  review  A1  ana, ben, cy  0 of 2  <timestamp>',
        '2  items  1  review  A2  ana, ben, cy  0 of 2  <timestamp>',
        '3  items  1  review  A3  ana, ben, cy  0 of 2  <timestamp>',
        '4  items  1  review  A4  ana, ben, cy  0 of 2  <timestamp>',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('shows the summary fields and filters by flow, run and key', () => {
    fixture.writeFlow(withReview({ role: 'compliance', summaryFields: ['name', 'hazard'] }));
    fixture.cli('run', 'items.flow.json');
    fixture.write('items.csv', 'sku,name,hazard\nA5,Lye,corrosive\n');
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('approvals', '--run', '2').stdout).toBe(
      ['ID  FLOW  RUN  NODE  KEY  name  hazard  DECIDES  APPROVALS  DUE', '5  items  2  review  A5  Lye  corrosive  role compliance  0 of 1  -', ''].join('\n'),
    );
    expect(fixture.cli('approvals', '--key', 'A3', '--flow', 'items').stdout).toBe(
      ['ID  FLOW  RUN  NODE  KEY  name  hazard  DECIDES  APPROVALS  DUE', '3  items  1  review  A3  Spray  flammable  role compliance  0 of 1  -', ''].join('\n'),
    );
    expect(fixture.cli('approvals', '--flow', 'other').stdout).toBe('no pending approvals match\n');
  });

  it('shows the editable fields when the node names no summary fields', () => {
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('approvals', '--key', 'A1').stdout).toBe(
      ['ID  FLOW  RUN  NODE  KEY  hazard  DECIDES  APPROVALS  DUE', '1  items  1  review  A1  -  role compliance  0 of 1  -', ''].join('\n'),
    );
  });

  it('escalates overdue approvals to the overdue port', () => {
    const flow = withReview({ role: 'compliance', due: 0 }) as { nodes: unknown[]; edges: unknown[] };
    flow.nodes.push({ id: 'late', type: 'json.write', typeVersion: 1, name: 'Late', config: { path: 'out/late-{runId}.jsonl', delivery: { mode: 'delta' } }, position: { x: 0, y: 0 } });
    flow.edges.push({ from: { node: 'review', port: 'overdue' }, to: { node: 'late', port: 'in' } });
    fixture.writeFlow(flow);
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('approvals', 'escalate')).toEqual({
      status: 0,
      stdout: [
        "approval 1 (key A1) was due <timestamp>: escalated to port 'overdue'",
        "approval 2 (key A2) was due <timestamp>: escalated to port 'overdue'",
        "approval 3 (key A3) was due <timestamp>: escalated to port 'overdue'",
        "approval 4 (key A4) was due <timestamp>: escalated to port 'overdue'",
        'run 2 (approval of run 1) COMPLETED: continued approvals 1, 2, 3, 4',
        'run 1 COMPLETED: every approval it held is decided',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fixture.outputs()['late-2.jsonl']?.split('\n').filter((line) => line !== '')).toHaveLength(4);
    expect(fixture.cli('approvals').stdout).toBe('no pending approvals in <dir>/history.db\n');
  });
});

describe('flowmason approve and reject', () => {
  it('enforces two of three approvers and maker-checker, then continues', () => {
    fixture.writeFlow(withReview({ approvers: ['ana', 'ben', 'cy'], approvalsRequired: 2, editableFields: ['hazard'] }));
    fixture.cli('run', 'items.flow.json');

    expect(fixture.cli('approve', '3', '--edit', 'hazard=flammable liquid', '--as', 'ana', '--comment', 'class 3')).toEqual({
      status: 0,
      stdout: 'approval 3 (key A3): ana changed hazard from "flammable" to "flammable liquid"; 2 approvals needed from someone other than ana\n',
      stderr: '',
    });
    expect(fixture.cli('approve', '3', '--as', 'ana')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'flowmason: ana edited the data of approval 3 and cannot also approve it; another approver must check the change\n',
    });
    expect(fixture.cli('approve', '3', '4', '--as', 'ben').stdout).toBe(
      'approval 3 (key A3): approved by ben; 1 more approval needed\napproval 4 (key A4): approved by ben; 1 more approval needed\n',
    );
    expect(fixture.cli('approve', '3', '--as', 'cy')).toEqual({
      status: 0,
      stdout: 'approval 3 (key A3): APPROVED by ben, cy\nrun 2 (approval of run 1) COMPLETED: continued approvals 3\n',
      stderr: '',
    });
    expect(fixture.cli('reject', '4', '--as', 'cy', '--comment', 'no safety data sheet')).toEqual({
      status: 0,
      stdout: 'approval 4 (key A4): REJECTED by cy: no safety data sheet\nrun 3 (approval of run 1) COMPLETED: continued approvals 4\n',
      stderr: '',
    });
    expect(fixture.cli('approve', '1', '--as', 'eve')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'flowmason: eve is not an approver of approval 1; its approvers are ana, ben, cy\n',
    });
    expect(fixture.cli('approve', '1', '99', '--as', 'ana')).toEqual({
      status: 1,
      stdout: 'approval 1 (key A1): approved by ana; 1 more approval needed\n',
      stderr: 'flowmason: approval 99 not found in the run history\n',
    });
    expect(fixture.cli('approve', '1', '2', '--as', 'ben')).toEqual({
      status: 0,
      stdout: [
        'approval 1 (key A1): APPROVED by ana, ben',
        'approval 2 (key A2): approved by ben; 1 more approval needed',
        'run 4 (approval of run 1) COMPLETED: continued approvals 1',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fixture.cli('approve', '2', '--as', 'cy').stdout).toBe(
      'approval 2 (key A2): APPROVED by ben, cy\nrun 5 (approval of run 1) COMPLETED: continued approvals 2\nrun 1 COMPLETED: every approval it held is decided\n',
    );

    expect(fixture.outputs()).toEqual({
      'approved-2.jsonl': '{"sku":"A3","name":"Spray","hazard":"flammable liquid"}\n',
      'approved-4.jsonl': '{"sku":"A1","name":"Bolt","hazard":""}\n',
      'approved-5.jsonl': '{"sku":"A2","name":"Nut ✓","hazard":""}\n',
      'erp-1.csv': 'sku,name,hazard\nA1,Bolt,\nA2,Nut ✓,\nA3,Spray,flammable\nA4,Acid ✗,corrosive\n',
      'rejected-3.jsonl': '{"sku":"A4","name":"Acid ✗","hazard":"corrosive"}\n',
    });
    expect(fixture.cli('runs').stdout.split('\n').slice(0, 2)).toEqual(['RUN  FLOW  STATUS  REASON  STARTED  TIME  DEAD LETTERS', '5  items  COMPLETED  approval of 1  <timestamp>  <time>  0']);
    expect(fixture.cli('show', '1').stdout).toContain(
      'continued approval run 2 (COMPLETED), approval run 3 (COMPLETED), approval run 4 (COMPLETED), approval run 5 (COMPLETED)\napprovals 3 approved, 1 rejected\n',
    );
  });

  it('requires a comment to reject', () => {
    const result = fixture.cli('reject', '1', '--as', 'cy');
    expect(result.status).toBe(64);
    expect(result.stderr.split('\n')[0]).toBe("error: required option '--comment <text>' not specified");
  });

  it('rejects an edit of a field that is not editable', () => {
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('approve', '1', '--edit', 'name=Bolt M8', '--as', 'ana').stderr).toBe(
      "flowmason: field 'name' of approval 1 is not editable; the editable fields are hazard (with the fields inside them)\n",
    );
  });

  it('takes an edit to the current value as no edit', () => {
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('approve', '3', '--edit', 'hazard=flammable', '--as', 'ana', '--comment', 'checked')).toEqual({
      status: 0,
      stdout: 'approval 3 (key A3): APPROVED by ana\nrun 2 (approval of run 1) COMPLETED: continued approvals 3\n',
      stderr: '',
    });
  });

  it('edits a field inside an editable field', () => {
    fixture.write('items.json', '[{"sku":"H1","hazard":{"class":"3","unNumber":"UN1203"}}]');
    const flow = itemFlow('utf-8') as { nodes: { id: string; type: string; config: Record<string, unknown> }[] };
    const read = flow.nodes.find((node) => node.id === 'read');
    if (read !== undefined) {
      read.type = 'json.read';
      read.config = { path: 'items.json', keyField: 'sku' };
    }
    fixture.writeFlow(flow);
    expect(fixture.cli('run', 'items.flow.json').stdout).toContain('run 1 WAITING\n');
    expect(fixture.cli('approve', '1', '--edit', 'hazard.unNumber=UN1993', '--edit', 'hazard.class=3', '--as', 'ana').stdout).toBe(
      'approval 1 (key H1): ana changed hazard.unNumber from "UN1203" to "UN1993"; 1 approval needed from someone other than ana\n',
    );
    expect(fixture.cli('approve', '1', '--edit', 'hazard.unNumbr=UN1993', '--as', 'ben').stderr).toBe(
      "flowmason: field 'hazard.unNumbr' of approval 1 does not exist; 'hazard' has class, unNumber. To add a field, set 'hazard' as a whole\n",
    );
  });
});
