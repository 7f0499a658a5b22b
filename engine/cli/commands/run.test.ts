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
