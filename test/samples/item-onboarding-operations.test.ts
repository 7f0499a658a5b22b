/**
 * The operator's day with the item-onboarding sample, through the CLI, one process per command:
 * a broken unit table sends items to the dead letters; once the table is fixed, a replay with
 * the current flow version delivers them without duplicating anything already delivered; the
 * hazardous items among them wait for compliance, who approve two and reject one. The next run,
 * and a rerun of it, keep those decided items in their files without asking again.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOutput, REPOSITORY_ROOT, runCli } from '../support/cli.js';

const SAMPLE = join(REPOSITORY_ROOT, 'samples', 'item-onboarding');
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'flowmason-operations-sample-'));
  cpSync(SAMPLE, workspace, { recursive: true, filter: (source) => !source.startsWith(join(SAMPLE, 'out')) && !source.startsWith(join(SAMPLE, 'expected')) });
  // Break the unit table: without 'piece', every item sold by the piece fails in normalize.
  const units = join(workspace, 'data', 'shop-units.csv');
  writeFileSync(units, readFileSync(units, 'utf8').replace('piece,H87\n', ''));
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

function flowmason(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = runCli([...args, '--db', join(workspace, 'history.db')], { cwd: workspace });
  return { code: result.code, stdout: normalizeOutput(result.stdout, workspace), stderr: normalizeOutput(result.stderr, workspace) };
}

/** Business keys of a JSON Lines output, in file order. */
function jsonKeys(file: string): string[] {
  return readFileSync(join(workspace, 'out', 'shop', file), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as { sku?: string; key?: string };
      return parsed.sku ?? parsed.key ?? '';
    });
}

function csvKeys(file: string): string[] {
  return readFileSync(join(workspace, 'out', 'shop', file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => line.split(',')[0] ?? '');
}

const UNIT_ERROR = (unit: string) => `field 'unit': '${unit}' is not in code table 'units' (source 'Unit of measure (product.metafields.custom.unit_of_measure)')`;

describe('item-onboarding operations', () => {
  it('sends items with an unmapped unit to the dead letters', () => {
    const run = flowmason('run', 'item-onboarding.flow.json');
    expect(run.code).toBe(2);
    expect(run.stdout.split('\n')[0]).toBe('run 1 COMPLETED_WITH_ERRORS');
    expect(flowmason('dead-letters')).toEqual({
      code: 0,
      stdout: [
        'ID  RUN  NODE  KEY  ORIGIN  ERROR',
        `1  1  normalize  CHM-DRN-1L  shopify-products.csv line 8  ${UNIT_ERROR('piece')}`,
        `2  1  normalize  CHM-IPA-5L  shopify-products.csv line 9  ${UNIT_ERROR('piece')}`,
        `3  1  normalize  AER-DST-400  shopify-products.csv line 11  ${UNIT_ERROR('piece')}`,
        `4  1  normalize  SOP-FOAM-500  shopify-products.csv line 14  ${UNIT_ERROR('piece')}`,
        `5  1  normalize  PPE-GLS-CLR  shopify-products.csv line 16  ${UNIT_ERROR('piece')}`,
        `6  1  normalize  FAS-CTB-200  shopify-products.csv line 18  ${UNIT_ERROR('bag')}`,
        `7  1  normalize  CHM-FLR-10L  shopify-products.csv line 19  ${UNIT_ERROR('piece')}`,
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(jsonKeys('catalog.jsonl')).toEqual(['GLV-NIT-M', 'GLV-NIT-L', 'CLO-MF-BLU', 'CLO-MF-YEL', 'WST-LIN-120']);
  });

  it('replays them with the fixed table and the current flow version', () => {
    appendFileSync(join(workspace, 'data', 'shop-units.csv'), 'piece,H87\nbag,XBG\n');
    expect(flowmason('replay', '--flow-version', 'current')).toEqual({
      code: 0,
      stdout: [
        "replay of run 1: 7 dead letters at node 'normalize', with the current flow version <hash>",
        'run 2 WAITING',
        '',
        'NODE  TYPE  STATUS  IN  OUT  ERRORS  HELD  TIME',
        'read-items  csv.read  SKIPPED  0  -  0  0  -',
        'normalize  map  COMPLETED  7  out 7  0  0  <time>',
        'check-items  validate  COMPLETED  7  valid 6, invalid 1  0  0  <time>',
        'to-catalog  map  COMPLETED  6  out 6  0  0  <time>',
        'route-hazardous  route  COMPLETED  6  hazardous 3, default 3  0  0  <time>',
        'review-hazardous  approve  WAITING  3  -  0  3  <time>',
        'write-hazardous  json.write  COMPLETED  0  -  0  0  <time>',
        'write-rejected  json.write  COMPLETED  0  -  0  0  <time>',
        'write-catalog  json.write  COMPLETED  3  -  0  0  <time>',
        'to-wms  map  COMPLETED  6  out 6  0  0  <time>',
        'write-wms  csv.write  COMPLETED  6  -  0  0  <time>',
        'write-exceptions  json.write  COMPLETED  1  -  0  0  <time>',
        '',
        'no open dead letters left',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(flowmason('dead-letters').stdout).toBe('no open dead letters in <dir>/history.db\n');
    // The replay added to the outputs of run 1 and repeated nothing in them.
    expect(jsonKeys('catalog.jsonl')).toEqual(['GLV-NIT-M', 'GLV-NIT-L', 'CLO-MF-BLU', 'CLO-MF-YEL', 'WST-LIN-120', 'SOP-FOAM-500', 'FAS-CTB-200', 'CHM-FLR-10L']);
    expect(csvKeys('wms-items.csv')).toEqual([
      'GLV-NIT-M',
      'GLV-NIT-L',
      'CLO-MF-BLU',
      'CLO-MF-YEL',
      'WST-LIN-120',
      'CHM-DRN-1L',
      'CHM-IPA-5L',
      'AER-DST-400',
      'SOP-FOAM-500',
      'FAS-CTB-200',
      'CHM-FLR-10L',
    ]);
    expect(jsonKeys('exceptions.jsonl')).toEqual(['PAP-TWL-6', 'GLV-LEA-10', 'PPE-EAR-200', 'PPE-GLS-CLR']);
    expect(jsonKeys('hazardous-items.jsonl')).toEqual([]);
  });

  it('delivers exactly the hazardous items compliance approved', () => {
    expect(flowmason('approvals')).toEqual({
      code: 0,
      stdout: [
        'ID  FLOW  RUN  NODE  KEY  title  hazard.class  hazard.unNumber  DECIDES  APPROVALS  DUE',
        '1  item-onboarding  2  review-hazardous  CHM-DRN-1L  Drain Cleaner Gel 1 l  8  UN1719  role compliance  0 of 1  <timestamp>',
        '2  item-onboarding  2  review-hazardous  CHM-IPA-5L  Isopropyl Alcohol 99.9 %, 5 l  3  UN1219  role compliance  0 of 1  <timestamp>',
        '3  item-onboarding  2  review-hazardous  AER-DST-400  Compressed Air Duster 400 ml  2.1  UN1950  role compliance  0 of 1  <timestamp>',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(flowmason('approve', '1', '--as', 'ana', '--comment', 'data sheet on file')).toEqual({
      code: 0,
      stdout: 'approval 1 (key CHM-DRN-1L): APPROVED by ana\nrun 3 (approval of run 2) COMPLETED: continued approvals 1\n',
      stderr: '',
    });
    expect(flowmason('reject', '2', '--as', 'ana', '--comment', 'no safety data sheet')).toEqual({
      code: 0,
      stdout: 'approval 2 (key CHM-IPA-5L): REJECTED by ana: no safety data sheet\nrun 4 (approval of run 2) COMPLETED: continued approvals 2\n',
      stderr: '',
    });
    expect(flowmason('approve', '3', '--as', 'ben')).toEqual({
      code: 0,
      stdout: 'approval 3 (key AER-DST-400): APPROVED by ben\nrun 5 (approval of run 2) COMPLETED: continued approvals 3\nrun 2 COMPLETED: every approval it held is decided\n',
      stderr: '',
    });
    expect(jsonKeys('hazardous-items.jsonl')).toEqual(['CHM-DRN-1L', 'AER-DST-400']);
    expect(jsonKeys('rejected-hazardous.jsonl')).toEqual(['CHM-IPA-5L']);
    expect(flowmason('approvals').stdout).toBe('no pending approvals in <dir>/history.db\n');
    expect(flowmason('runs').stdout).toBe(
      [
        'RUN  FLOW  STATUS  REASON  STARTED  TIME  DEAD LETTERS',
        '5  item-onboarding  COMPLETED  approval of 2  <timestamp>  <time>  0',
        '4  item-onboarding  COMPLETED  approval of 2  <timestamp>  <time>  0',
        '3  item-onboarding  COMPLETED  approval of 2  <timestamp>  <time>  0',
        '2  item-onboarding  COMPLETED  replay of 1  <timestamp>  <time>  0',
        '1  item-onboarding  COMPLETED_WITH_ERRORS  trigger  <timestamp>  <time>  0',
        '',
      ].join('\n'),
    );
    expect(flowmason('show', '5').stdout).toContain('lineage  approval run 5 <- replay run 2 <- run 1\n');
  });

  it('keeps each decision in the rejected file and in show', () => {
    const [rejected] = readFileSync(join(workspace, 'out', 'shop', 'rejected-hazardous.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; decision: Record<string, unknown> });
    expect(rejected?.key).toBe('CHM-IPA-5L');
    expect(rejected?.decision).toEqual({
      approvalId: 2,
      nodeId: 'review-hazardous',
      outcome: 'rejected',
      decidedBy: ['ana'],
      decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      comment: 'no safety data sheet',
    });
    const shown = flowmason('show', '2').stdout.split('\n');
    expect(shown.find((line) => line.startsWith('review-hazardous'))).toBe('review-hazardous  approve  COMPLETED  3  -  0  3  <time>');
    expect(shown.slice(shown.indexOf('approvals'), shown.indexOf('approvals') + 5)).toEqual([
      'approvals',
      'ID  NODE  KEY  STATUS  DECISION  BY  AT  COMMENT  CONTINUED',
      '1  review-hazardous  CHM-DRN-1L  APPROVED  approved  ana  <timestamp>  data sheet on file  run 3',
      '2  review-hazardous  CHM-IPA-5L  REJECTED  rejected  ana  <timestamp>  no safety data sheet  run 4',
      '3  review-hazardous  AER-DST-400  APPROVED  approved  ben  <timestamp>  -  run 5',
    ]);
  });

  it('keeps decided items in their files on the next run and its rerun', () => {
    const next = flowmason('run', 'item-onboarding.flow.json');
    expect(next.code).toBe(0);
    expect(next.stdout.split('\n').filter((line) => /^run |^review-hazardous|^write-(hazardous|rejected) /.test(line))).toEqual([
      'run 6 COMPLETED',
      'review-hazardous  approve  COMPLETED  3  approved 2, rejected 1  0  0  <time>',
      'write-hazardous  json.write  COMPLETED  2  -  0  2  <time>',
      'write-rejected  json.write  COMPLETED  1  -  0  1  <time>',
    ]);
    expect(jsonKeys('hazardous-items.jsonl')).toEqual(['CHM-DRN-1L', 'AER-DST-400']);
    expect(jsonKeys('rejected-hazardous.jsonl')).toEqual(['CHM-IPA-5L']);
    expect(flowmason('approvals').stdout).toBe('no pending approvals in <dir>/history.db\n');

    const rerun = flowmason('rerun', '6');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout.split('\n').filter((line) => /^run |^review-hazardous/.test(line))).toEqual([
      'run 7 COMPLETED',
      'review-hazardous  approve  COMPLETED  3  approved 2, rejected 1  0  0  <time>',
    ]);
    expect(jsonKeys('hazardous-items.jsonl')).toEqual(['CHM-DRN-1L', 'AER-DST-400']);
    expect(jsonKeys('rejected-hazardous.jsonl')).toEqual(['CHM-IPA-5L']);
    expect(flowmason('approvals').stdout).toBe('no pending approvals in <dir>/history.db\n');
  });

  it('refuses to rerun on a changed code table unless forced', () => {
    expect(flowmason('show', '6').stdout.split('\n').filter((line) => /^(input|lookup) /.test(line))).toEqual([
      'lookup  normalize: <dir>/data/shop-units.csv  sha256 <hash>',
      'lookup  check-items: <dir>/data/uom-codes.csv  sha256 <hash>',
      'input  read-items: <dir>/data/shopify-products.csv  sha256 <hash>',
    ]);
    appendFileSync(join(workspace, 'data', 'shop-units.csv'), 'dozen,DZN\n');
    const message = "lookup file <dir>/data/shop-units.csv of node 'normalize' changed since run 6: sha256 was <hash>, now <hash>";
    expect(flowmason('rerun', '6')).toEqual({ code: 1, stdout: '', stderr: `flowmason: ${message}; pass --force to re-run on the files as they are now\n` });
    const forced = flowmason('rerun', '6', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe(`flowmason: warning: ${message}; re-ran on it because of --force\n`);
  });

  it('traces what happened to one item', () => {
    expect(flowmason('trace', 'CHM-IPA-5L')).toEqual({
      code: 0,
      stdout: [
        'key CHM-IPA-5L: 6 events in runs 1, 2, 4',
        '',
        'TIME  RUN  FLOW  NODE  EVENT',
        `<timestamp>  1  item-onboarding  normalize  dead letter 2 (closed): ${UNIT_ERROR('piece')}`,
        '<timestamp>  2  item-onboarding  review-hazardous  held for approval 2, now REJECTED, continued by run 4',
        '<timestamp>  2  item-onboarding  write-wms  delivered to file:<dir>/out/shop/wms-items.csv  sha256 <hash> new content',
        '<timestamp>  2  item-onboarding  normalize  dead letter 2 closed: delivered to file:<dir>/out/shop/wms-items.csv by run 2',
        '<timestamp>  2  item-onboarding  review-hazardous  approval 2 rejected by ana: no safety data sheet',
        '<timestamp>  4  item-onboarding  write-rejected  delivered to file:<dir>/out/shop/rejected-hazardous.jsonl  sha256 <hash> new content',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(flowmason('trace', 'PPE-GLS-CLR', '--flow', 'item-onboarding').stdout).toBe(
      [
        'key PPE-GLS-CLR: 3 events in runs 1, 2',
        '',
        'TIME  RUN  FLOW  NODE  EVENT',
        `<timestamp>  1  item-onboarding  normalize  dead letter 5 (closed): ${UNIT_ERROR('piece')}`,
        '<timestamp>  2  item-onboarding  write-exceptions  exception written to file:<dir>/out/shop/exceptions.jsonl  sha256 <hash> new content',
        '<timestamp>  2  item-onboarding  normalize  dead letter 5 closed: delivered to file:<dir>/out/shop/exceptions.jsonl by run 2',
        '',
      ].join('\n'),
    );
    expect(flowmason('trace', 'PPE-GLS-CLR', '--flow', 'other').stdout).toBe("no history of key 'PPE-GLS-CLR' in flow 'other' in <dir>/history.db\n");
    const json = JSON.parse(flowmason('trace', 'CHM-IPA-5L', '--json').stdout) as { key: string; events: { kind: string; runId: number | null }[] };
    expect(json.events.map((event) => [event.kind, event.runId])).toEqual([
      ['dead-letter', 1],
      ['held', 2],
      ['delivery', 2],
      ['dead-letter-closed', 2],
      ['decision', 2],
      ['delivery', 4],
    ]);
  });
});
