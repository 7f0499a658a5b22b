/**
 * Exit codes of `flowmason run` through the built CLI, for runs that wait for approvals.
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

describe('flowmason run exit code', () => {
  it('is 2 for a WAITING run with dead letters', () => {
    // windows-1252 cannot encode the names of A2 and A4, so the ERP writer sends them to the dead letters.
    const result = fixture.cli('run', 'items.flow.json');
    expect(result.stdout.split('\n')[0]).toBe('run 1 WAITING');
    expect(result.status).toBe(2);
  });

  it('is 0 for a WAITING run without dead letters', () => {
    fixture.writeFlow(itemFlow('utf-8'));
    const result = fixture.cli('run', 'items.flow.json');
    expect(result.stdout.split('\n')[0]).toBe('run 1 WAITING');
    expect(result.status).toBe(0);
  });
});

describe('errors with --json', () => {
  it('prints the error as JSON on stdout too', () => {
    const result = fixture.cli('show', '999', '--json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: { message: 'run 999 not found in <dir>/history.db', kind: 'input' } });
    expect(result.stderr).toBe('flowmason: run 999 not found in <dir>/history.db\n');
  });

  it('prints a refused rerun as JSON', () => {
    fixture.cli('run', 'items.flow.json');
    fixture.write('items.csv', 'sku,name,hazard\nA1,Bolt,\n');
    const result = fixture.cli('rerun', '1', '--json');
    const message = "input file <dir>/items.csv of node 'read' changed since run 1: sha256 was <hash>, now <hash>; pass --force to re-run on the files as they are now";
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: { message, kind: 'input' } });
    expect(result.stderr).toBe(`flowmason: ${message}\n`);
  });

  it('prints a usage error as JSON', () => {
    const result = fixture.cli('runs', '--json', '--colour');
    expect(result.status).toBe(64);
    expect(JSON.parse(result.stdout)).toEqual({ error: { message: "unknown option '--colour'", kind: 'usage' } });
    expect(result.stderr.split('\n')[0]).toBe("error: unknown option '--colour'");
  });

  it('exits 64 for option values a command cannot take', () => {
    const showResult = fixture.cli('show', 'abc', '--json');
    expect(showResult.status).toBe(64);
    expect(JSON.parse(showResult.stdout)).toEqual({ error: { message: "run id must be a positive whole number; got 'abc'", kind: 'usage' } });
    const run = fixture.cli('run', 'items.flow.json', '--param', 'badformat');
    expect(run.status).toBe(64);
    expect(run.stderr).toBe("flowmason: --param 'badformat' is not in the form name=value\n");
    const pruned = fixture.cli('prune', '--max-age', 'banana');
    expect(pruned.status).toBe(64);
  });

  it('exits 64 when an option takes another option as its value', () => {
    const listed = fixture.cli('runs', '--flow', '--json');
    expect(listed.status).toBe(64);
    expect(JSON.parse(listed.stdout)).toEqual({ error: { message: '--flow needs a value, but the next word is the option --json', kind: 'usage' } });
  });
});
