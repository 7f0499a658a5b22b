import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { OperationsFixture } from '../../test/support/operations-fixture.js';
import { readEditedDeadLetters, toExported, writeDeadLetterFile } from './dead-letter-file.js';
import { replayDeadLetters } from './replay.js';
import { rerunRun } from './rerun.js';

let fixture: OperationsFixture;

beforeEach(() => {
  fixture = new OperationsFixture();
  fixture.writeRows('in.jsonl', [
    { sku: 'A1', uom: 'EA' },
    { sku: 'A2', uom: 'BX' },
    { sku: 'A3', uom: 'EA' },
    { sku: 'A4', uom: 'XX' },
  ]);
  fixture.writeFile('bad-uoms.json', '["BX", "XX"]');
});

afterEach(async () => {
  await fixture.close();
});

const flow = buildFlow(
  [
    ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
    ['check', 'test.reject', { field: 'uom', badValues: [], codeFile: 'bad-uoms.json' }],
    ['write', 'test.jsonl-write', { path: 'out/{runId}.jsonl', delivery: { mode: 'delta' } }],
  ],
  ['read.out -> check', 'check.out -> write'],
);

describe('replayDeadLetters', () => {
  it('continues dead letters at the failed node and closes them', async () => {
    const first = await fixture.run(flow);
    fixture.writeFile('bad-uoms.json', '["XX"]');
    const [outcome, ...others] = await replayDeadLetters(fixture.context, { filter: { nodeId: 'check' }, version: 'original' });
    expect(others).toEqual([]);
    expect(outcome?.parent.id).toBe(first.runId);
    expect(outcome?.entries).toEqual([{ nodeId: 'check', records: 2 }]);
    expect(outcome?.result.status).toBe('COMPLETED_WITH_ERRORS');
    const replayRun = outcome?.result.runId as number;
    expect(fixture.outputs()).toEqual({ [`${first.runId}.jsonl`]: ['A1', 'A3'], [`${replayRun}.jsonl`]: ['A2'] });

    const letters = await fixture.store.listDeadLetters({ includeResolved: true });
    expect(letters.map((letter) => [letter.id, letter.recordKey, letter.runId, letter.replayedByRunId, letter.resolution])).toEqual([
      [1, 'A2', first.runId, replayRun, `delivered to file:${join(fixture.folder, 'out/{runId}.jsonl')} by run ${replayRun}`],
      [2, 'A4', first.runId, replayRun, `superseded by dead letter 3 of run ${replayRun} at node 'check'`],
      [3, 'A4', replayRun, null, null],
    ]);
    const run = await fixture.store.getRun(replayRun);
    expect([run?.reason, run?.parentRunId, run?.rootRunId]).toEqual(['replay', first.runId, first.runId]);
  });

  it('replays with edited data and records the edit', async () => {
    await fixture.run(flow);
    const exportPath = join(fixture.folder, 'dead-letters.jsonl');
    await writeDeadLetterFile(exportPath, await fixture.store.listDeadLetters());
    const exported = (await readEditedDeadLetters(exportPath)).map((entry) => entry.id);
    expect(exported).toEqual([1, 2]);
    const letters = await fixture.store.listDeadLetters();
    writeFileSync(exportPath, `${JSON.stringify({ ...toExported(letters[1]!), data: { sku: 'A4', uom: 'EA' } })}\n`);

    const [outcome] = await replayDeadLetters(fixture.context, { filter: {}, version: 'original', editedFile: exportPath });
    expect(outcome?.edits).toBe(1);
    expect(outcome?.result.status).toBe('COMPLETED');
    expect(fixture.outputs()[`${outcome?.result.runId}.jsonl`]).toEqual(['A4']);
    expect(await fixture.store.listDeadLetterEdits(2)).toEqual([
      { deadLetterId: 2, runId: outcome?.result.runId, dataBefore: { sku: 'A4', uom: 'XX' }, dataAfter: { sku: 'A4', uom: 'EA' }, source: exportPath, editedAt: expect.any(String) },
    ]);
    expect((await fixture.store.listDeadLetters()).map((letter) => letter.id)).toEqual([1]);
  });

  it('replays chosen dead letters with data edited in place', async () => {
    await fixture.run(flow);
    const [outcome, ...others] = await replayDeadLetters(fixture.context, {
      filter: {},
      ids: [2],
      edits: new Map([[2, { sku: 'A4', uom: 'EA' }]]),
      editSource: 'designer',
      version: 'original',
    });
    expect(others).toEqual([]);
    expect(outcome?.deadLetters.map((letter) => letter.id)).toEqual([2]);
    expect(outcome?.edits).toBe(1);
    expect(fixture.outputs()[`${outcome?.result.runId}.jsonl`]).toEqual(['A4']);
    expect((await fixture.store.listDeadLetterEdits(2))[0]).toMatchObject({ dataAfter: { sku: 'A4', uom: 'EA' }, source: 'designer' });
    expect((await fixture.store.listDeadLetters()).map((letter) => letter.id)).toEqual([1]);
  });

  it('rejects chosen dead letters that are closed or unknown', async () => {
    await fixture.run(flow);
    await replayDeadLetters(fixture.context, { filter: {}, ids: [2], edits: new Map([[2, { sku: 'A4', uom: 'EA' }]]), version: 'original' });
    await expect(replayDeadLetters(fixture.context, { filter: {}, ids: [1, 2], version: 'original' })).rejects.toThrow(
      /^dead letter 2 is already closed \(delivered to .*\); choose open dead letters$/,
    );
    await expect(replayDeadLetters(fixture.context, { filter: {}, ids: [9], version: 'original' })).rejects.toThrow('dead letter 9 is not in the run history');
    await expect(replayDeadLetters(fixture.context, { filter: {}, ids: [1], edits: new Map([[7, {}]]), version: 'original' })).rejects.toThrow(
      'edited data is given for dead letter 7, which is not among those to replay',
    );
  });

  it('groups a selection by parent run and flow version', async () => {
    const first = await fixture.run(flow);
    fixture.writeRows('in.jsonl', [
      { sku: 'B1', uom: 'XX' },
      { sku: 'A2', uom: 'XX' },
    ]);
    const second = await fixture.run({ ...flow, name: 'Items, renamed' });
    expect((await fixture.store.getRun(second.runId))?.flowHash).not.toBe((await fixture.store.getRun(first.runId))?.flowHash);

    fixture.writeFile('bad-uoms.json', '[]');
    const outcomes = await replayDeadLetters(fixture.context, { filter: {}, version: 'original' });
    // A2 failed again in the second run, which superseded the first run's dead letter for it.
    expect(outcomes.map((outcome) => [outcome.parent.id, outcome.setup.flow.name, outcome.deadLetters.map((letter) => letter.recordKey), outcome.result.status])).toEqual([
      [first.runId, 'Test flow', ['A4'], 'COMPLETED'],
      [second.runId, 'Items, renamed', ['B1', 'A2'], 'COMPLETED'],
    ]);
    expect(await fixture.store.listDeadLetters()).toEqual([]);
  });

  it('continues at a chosen node with the current flow version', async () => {
    await fixture.run(flow);
    const bypass = buildFlow(
      [
        ['read', 'test.jsonl-read', { path: 'in.jsonl', keyField: 'sku' }],
        ['check', 'test.reject', { field: 'uom', badValues: [], codeFile: 'bad-uoms.json' }],
        ['fix', 'test.double', {}],
        ['write', 'test.jsonl-write', { path: 'out/{runId}.jsonl', delivery: { mode: 'delta' } }],
      ],
      ['read.out -> check', 'check.out -> write', 'fix.out -> write'],
    );
    fixture.saveFlow(bypass);
    const [outcome] = await replayDeadLetters(fixture.context, { filter: {}, fromNode: 'write', version: 'current' });
    expect(outcome?.setup.version).toBe('current');
    expect(outcome?.entries).toEqual([{ nodeId: 'write', records: 2 }]);
    expect(fixture.outputs()[`${outcome?.result.runId}.jsonl`]).toEqual(['A2', 'A4']);
  });

  it('refuses a node the flow version does not have, replaying nothing', async () => {
    await fixture.run(flow);
    await expect(replayDeadLetters(fixture.context, { filter: {}, fromNode: 'ghost', version: 'original' })).rejects.toThrow(
      `dead letter 1 cannot continue at node 'ghost': the original version ${(await fixture.store.getRun(1))?.flowHash.slice(0, 12)} of flow 'test-flow' has no such node; its nodes are read, check, write`,
    );
    await expect(replayDeadLetters(fixture.context, { filter: {}, fromNode: 'read', version: 'original' })).rejects.toThrow(
      "dead letter 1 cannot continue at node 'read': it is a source and takes no input; pick a node after it with --from-node",
    );
    expect(await fixture.store.listRuns()).toHaveLength(1);
  });

  it('refuses the current version when the flow file no longer loads', async () => {
    await fixture.run(flow);
    fixture.writeFile('items.flow.json', '{ "formatVersion": 1, ');
    await expect(replayDeadLetters(fixture.context, { filter: {}, version: 'current' })).rejects.toThrow(
      `flow file ${fixture.flowPath} of run 1 no longer loads: items.flow.json: invalid JSON`,
    );
  });
});

describe('rerunRun', () => {
  it('re-runs from the kept input without delivering twice', async () => {
    const first = await fixture.run(flow);
    fixture.writeFile('bad-uoms.json', '["XX"]');
    const outcome = await rerunRun(fixture.context, { runId: first.runId, version: 'original' });
    expect(outcome.result.status).toBe('COMPLETED_WITH_ERRORS');
    expect(fixture.outputs()).toEqual({ [`${first.runId}.jsonl`]: ['A1', 'A3'], [`${outcome.result.runId}.jsonl`]: ['A2'] });
    expect(outcome.result.steps.find((step) => step.nodeId === 'write')?.unchanged).toBe(2);
    expect((await fixture.store.listDeadLetters()).map((letter) => [letter.recordKey, letter.runId])).toEqual([['A4', outcome.result.runId]]);
  });

  it('rejects a replay run, which read no input', async () => {
    const first = await fixture.run(flow);
    fixture.writeFile('bad-uoms.json', '["XX"]');
    const [replay] = await replayDeadLetters(fixture.context, { filter: {}, version: 'current' });
    const replayRunId = replay?.result.runId as number;
    await expect(rerunRun(fixture.context, { runId: replayRunId, version: 'original' })).rejects.toThrow(
      `run ${replayRunId} is a replay, which continued records of another run and read no input; re-run run ${first.runId} instead, or replay its dead letters`,
    );
  });

  it('refuses when an input file changed, naming both hashes', async () => {
    const first = await fixture.run(flow);
    const before = (await fixture.store.getRun(first.runId))?.trigger[0]?.sha256;
    fixture.writeRows('in.jsonl', [{ sku: 'A1', uom: 'EA' }]);
    const attempt = rerunRun(fixture.context, { runId: first.runId, version: 'original' });
    await expect(attempt).rejects.toThrow(
      new RegExp(`^input file ${join(fixture.folder, 'in.jsonl')} of node 'read' changed since run 1: sha256 was ${before}, now [0-9a-f]{64}; pass --force to re-run on the files as they are now$`),
    );
    const forced = await rerunRun(fixture.context, { runId: first.runId, version: 'original', force: true });
    expect(forced.changes).toHaveLength(1);
    expect(forced.result.status).toBe('COMPLETED');
  });
});
