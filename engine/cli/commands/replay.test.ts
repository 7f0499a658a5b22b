/**
 * `flowmason dead-letters`, `replay` and `rerun` driven through the built CLI, one process per
 * command, on a flow of shipped node kinds.
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

const ERROR_A2 = "items.csv line 3: field 'name' contains '✓' (U+2713), which windows-1252 cannot encode; replace the character or write utf-8";
const ERROR_A4 = "items.csv line 5: field 'name' contains '✗' (U+2717), which windows-1252 cannot encode; replace the character or write utf-8";

const SKIPPED_EXCEPT_ERP = (records: number, errors: number) => [
  'NODE  TYPE  STATUS  IN  OUT  ERRORS  TIME',
  'read  csv.read  SKIPPED  0  -  0  -',
  `erp  csv.write  COMPLETED  ${records}  -  ${errors}  <time>`,
  'review  approve  SKIPPED  0  -  0  -',
  'approved  json.write  SKIPPED  0  -  0  -',
  'rejected  json.write  SKIPPED  0  -  0  -',
];

describe('flowmason dead-letters', () => {
  it('lists open dead letters with origin and error', () => {
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('dead-letters')).toEqual({
      status: 0,
      stdout: ['ID  RUN  NODE  KEY  ORIGIN  ERROR', `1  1  erp  A2  items.csv line 3  ${ERROR_A2}`, `2  1  erp  A4  items.csv line 5  ${ERROR_A4}`, ''].join('\n'),
      stderr: '',
    });
    expect(fixture.cli('dead-letters', '--node', 'review').stdout).toBe('no open dead letters match\n');
    expect(fixture.cli('dead-letters', '--key', 'A4').stdout).toBe(['ID  RUN  NODE  KEY  ORIGIN  ERROR', `2  1  erp  A4  items.csv line 5  ${ERROR_A4}`, ''].join('\n'));
    expect(fixture.cli('dead-letters', '--error', 'U+2717', '--since', '1h').stdout).toBe(
      ['ID  RUN  NODE  KEY  ORIGIN  ERROR', `2  1  erp  A4  items.csv line 5  ${ERROR_A4}`, ''].join('\n'),
    );
  });

  it('exports dead letters as JSON Lines for editing', () => {
    fixture.cli('run', 'items.flow.json');
    expect(fixture.cli('dead-letters', '--export', 'dead-letters.jsonl', '--run', '1')).toEqual({
      status: 0,
      stdout: 'exported 2 dead letters to <dir>/dead-letters.jsonl; edit their data, then run: flowmason replay --edited <dir>/dead-letters.jsonl --db <dir>/history.db\n',
      stderr: '',
    });
    const lines = fixture.read('dead-letters.jsonl').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { id: 1, node: 'erp', key: 'A2', origin: { node: 'read', file: `${fixture.folder}/items.csv`, line: 3, index: 1 }, error: ERROR_A2, data: { sku: 'A2', name: 'Nut ✓', hazard: '' } },
      { id: 2, node: 'erp', key: 'A4', origin: { node: 'read', file: `${fixture.folder}/items.csv`, line: 5, index: 3 }, error: ERROR_A4, data: { sku: 'A4', name: 'Acid ✗', hazard: 'corrosive' } },
    ]);
  });

  it('rejects a malformed --since', () => {
    expect(fixture.cli('dead-letters', '--since', 'yesterday')).toEqual({
      status: 64,
      stdout: '',
      stderr: "flowmason: --since must be an ISO 8601 date or time such as 2026-12-01 or a duration such as 24h; got 'yesterday'\n",
    });
  });
});

describe('flowmason replay', () => {
  it('replays edited data, then the rest with the current flow version', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.cli('dead-letters', '--export', 'dead-letters.jsonl');
    fixture.write('dead-letters.jsonl', fixture.read('dead-letters.jsonl').replace('Nut ✓', 'Nut, plain'));

    expect(fixture.cli('replay', '--edited', 'dead-letters.jsonl')).toEqual({
      status: 2,
      stdout: [
        "replay of run 1: 2 dead letters at node 'erp', 1 with edited data, with the original flow version <hash>",
        'run 2 COMPLETED_WITH_ERRORS',
        '',
        ...SKIPPED_EXCEPT_ERP(2, 1),
        '',
        '1 dead letter open: flowmason dead-letters --db <dir>/history.db',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fixture.cli('dead-letters', '--all').stdout).toBe(
      [
        'ID  RUN  NODE  KEY  ORIGIN  ERROR  CLOSED',
        `1  1  erp  A2  items.csv line 3  ${ERROR_A2}  delivered to file:<dir>/out/erp-{runId}.csv by run 2`,
        `2  1  erp  A4  items.csv line 5  ${ERROR_A4}  superseded by dead letter 3 of run 2 at node 'erp'`,
        `3  2  erp  A4  items.csv line 5  ${ERROR_A4}  -`,
        '',
      ].join('\n'),
    );

    fixture.writeFlow(itemFlow('utf-8'));
    expect(fixture.cli('replay', '--flow-version', 'current')).toEqual({
      status: 0,
      stdout: [
        "replay of run 2: 1 dead letter at node 'erp', with the current flow version <hash>",
        'run 3 COMPLETED',
        '',
        ...SKIPPED_EXCEPT_ERP(1, 0),
        '',
        'no open dead letters left',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fixture.cli('replay').stdout).toBe('no open dead letters match; nothing to replay\n');
    expect(fixture.outputs()).toEqual({
      'erp-1.csv': 'sku,name,hazard\nA1,Bolt,\nA3,Spray,flammable\n',
      'erp-2.csv': 'sku,name,hazard\nA2,"Nut, plain",\n',
      'erp-3.csv': 'sku,name,hazard\nA4,Acid ✗,corrosive\n',
    });
  });

  it('refuses filters together with --edited', () => {
    expect(fixture.cli('replay', '--edited', 'x.jsonl', '--node', 'erp')).toEqual({
      status: 64,
      stdout: '',
      stderr: 'flowmason: --edited selects dead letters by the ids in the file; leave out --run, --flow, --node, --key, --error and --since\n',
    });
  });

  it('names the line of a malformed edited file', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.write('edited.jsonl', '{"id": 1, "data": {"sku": "A2"}}\n{"id": 2, "data": "A4"}\n');
    expect(fixture.cli('replay', '--edited', 'edited.jsonl')).toEqual({
      status: 1,
      stdout: '',
      stderr: `flowmason: edited.jsonl line 2: field 'data' must be a JSON object; got "A4"\n`,
    });
  });

  it('refuses the current version when the flow file no longer loads', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.write('items.flow.json', '{}');
    expect(fixture.cli('replay', '--flow-version', 'current').stderr).toBe(
      "flowmason: flow file <dir>/items.flow.json of run 1 no longer loads: items.flow.json: field 'formatVersion': is missing; a flow file starts with \"formatVersion\": 1\n",
    );
  });
});

describe('flowmason rerun', () => {
  it('re-runs without delivering twice and shows the lineage', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.writeFlow(itemFlow('utf-8'));
    expect(fixture.cli('rerun', '1', '--flow-version', 'current')).toEqual({
      status: 0,
      stdout: [
        'rerun of run 1 with the current flow version <hash>',
        'run 2 COMPLETED',
        '',
        'NODE  TYPE  STATUS  IN  OUT  ERRORS  UNCHANGED  TIME',
        'read  csv.read  COMPLETED  0  out 4  0  0  <time>',
        'erp  csv.write  COMPLETED  4  -  0  2  <time>',
        'review  approve  COMPLETED  4  -  0  4  <time>',
        'approved  json.write  COMPLETED  0  -  0  0  <time>',
        'rejected  json.write  COMPLETED  0  -  0  0  <time>',
        '',
        'history: <dir>/history.db',
        'details: npx flowmason show 2 --db <dir>/history.db',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fixture.outputs()).toEqual({
      'erp-1.csv': 'sku,name,hazard\nA1,Bolt,\nA3,Spray,flammable\n',
      'erp-2.csv': 'sku,name,hazard\nA2,Nut ✓,\nA4,Acid ✗,corrosive\n',
    });
    expect(fixture.cli('dead-letters').stdout).toBe('no open dead letters in <dir>/history.db\n');
    expect(fixture.cli('runs').stdout).toBe(
      ['RUN  FLOW  STATUS  REASON  STARTED  TIME  DEAD LETTERS', '2  items  COMPLETED  rerun of 1  <timestamp>  <time>  0', '1  items  WAITING  trigger  <timestamp>  <time>  0', ''].join(
        '\n',
      ),
    );
    expect(fixture.cli('show', '1').stdout).toBe(
      [
        'run 1  WAITING',
        'flow  items (Items)  <dir>/items.flow.json',
        'version  <hash>',
        'started  <timestamp>  time <time>',
        'input  read: <dir>/items.csv  sha256 <hash>',
        'continued rerun run 2 (COMPLETED)',
        'approvals 4 pending',
        '',
        'NODE  TYPE  STATUS  IN  OUT  ERRORS  HELD  TIME',
        'read  csv.read  COMPLETED  0  out 4  0  0  <time>',
        'erp  csv.write  COMPLETED  4  -  2  0  <time>',
        'review  approve  WAITING  4  -  0  4  <time>',
        'approved  json.write  COMPLETED  0  -  0  0  <time>',
        'rejected  json.write  COMPLETED  0  -  0  0  <time>',
        '',
        'approvals',
        'ID  NODE  KEY  STATUS  DECISION  BY  AT  COMMENT  CONTINUED',
        '1  review  A1  PENDING  -  -  -  -  -',
        '2  review  A2  PENDING  -  -  -  -  -',
        '3  review  A3  PENDING  -  -  -  -  -',
        '4  review  A4  PENDING  -  -  -  -  -',
        '',
        'dead letters (0 open)',
        'ID  RUN  NODE  KEY  ORIGIN  ERROR  CLOSED',
        `1  1  erp  A2  items.csv line 3  ${ERROR_A2}  delivered to file:<dir>/out/erp-{runId}.csv by run 2`,
        `2  1  erp  A4  items.csv line 5  ${ERROR_A4}  delivered to file:<dir>/out/erp-{runId}.csv by run 2`,
        '',
      ].join('\n'),
    );
    expect(fixture.cli('show', '2').stdout).toContain('lineage  rerun run 2 <- run 1\n');
  });

  it('refuses when the input file changed, unless forced', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.write('items.csv', 'sku,name,hazard\nA1,Bolt,\n');
    expect(fixture.cli('rerun', '1')).toEqual({
      status: 1,
      stdout: '',
      stderr: "flowmason: input file <dir>/items.csv of node 'read' changed since run 1: sha256 was <hash>, now <hash>; pass --force to re-run on the files as they are now\n",
    });
    const forced = fixture.cli('rerun', '1', '--force');
    expect(forced.status).toBe(0);
    expect(forced.stderr).toBe("flowmason: warning: input file <dir>/items.csv of node 'read' changed since run 1: sha256 was <hash>, now <hash>; re-ran on it because of --force\n");
  });

  it('names a run that does not exist', () => {
    expect(fixture.cli('rerun', '9')).toEqual({ status: 1, stdout: '', stderr: 'flowmason: run 9 not found in the run history\n' });
  });
});
