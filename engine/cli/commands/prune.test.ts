import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliFixture, itemFlow } from '../../../test/support/cli-fixture.js';

let fixture: CliFixture;

beforeEach(() => {
  fixture = new CliFixture();
  fixture.writeFlow(itemFlow('utf-8'));
});

afterEach(() => {
  fixture.close();
});

describe('flowmason prune', () => {
  it('deletes old runs but keeps those still waiting for approval', () => {
    for (let index = 0; index < 4; index++) {
      fixture.cli('run', 'items.flow.json');
    }
    // The approvals belong to run 1. Runs 2 to 4 found them pending already, so they completed.
    const result = fixture.cli('prune', '--keep-runs', '1');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^deleted 2 runs and 8 superseded ledger rows\nkept 1 older run that still has open dead letters, pending approvals, approval decisions in use or work in progress\ncompacted <dir>\/history\.db: \d+ KiB\n$/,
    );
    expect(fixture.cli('runs').stdout.split('\n').map((line) => line.split('  ').slice(0, 4).join('  '))).toEqual([
      'RUN  FLOW  STATUS  REASON',
      '4  items  COMPLETED  trigger',
      '1  items  WAITING  trigger',
      '',
    ]);
  });

  it('names a malformed option', () => {
    expect(fixture.cli('prune', '--max-age', 'a month')).toEqual({
      status: 64,
      stdout: '',
      stderr: "flowmason: --max-age 'a month' is not a duration; write milliseconds or a number with ms, s, m, h or d, such as 2s\n",
    });
    expect(fixture.cli('prune', '--keep-runs', '0').stderr).toBe("flowmason: --keep-runs must be a whole number of runs of at least 1; got '0'\n");
  });
});
