/**
 * The operator's day with the item-onboarding sample, through the CLI, one process per command:
 * a broken unit table sends items to the dead letters; once the table is fixed, a replay with
 * the current flow version delivers them without duplicating anything already delivered; the
 * hazardous items among them wait for compliance, who approve two and reject one.
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
    expect(jsonKeys('catalog.jsonl')).toEqual(['GLV-NIT-M', 'CLO-MF-BLU', 'WST-LIN-120']);
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
    expect(jsonKeys('catalog.jsonl')).toEqual(['GLV-NIT-M', 'CLO-MF-BLU', 'WST-LIN-120', 'SOP-FOAM-500', 'FAS-CTB-200', 'CHM-FLR-10L']);
    expect(csvKeys('wms-items.csv')).toEqual([
      'GLV-NIT-M',
      'CLO-MF-BLU',
      'WST-LIN-120',
      'CHM-DRN-1L',
      'CHM-IPA-5L',
      'AER-DST-400',
      'SOP-FOAM-500',
      'FAS-CTB-200',
      'CHM-FLR-10L',
    ]);
    expect(jsonKeys('exceptions.jsonl')).toEqual(['GLV-NIT-L', 'CLO-MF-YEL', 'PAP-TWL-6', 'GLV-LEA-10', 'PPE-EAR-200', 'PPE-GLS-CLR']);
    expect(jsonKeys('hazardous-items.jsonl')).toEqual([]);
  });

  it('delivers exactly the hazardous items compliance approved', () => {
    expect(flowmason('approvals')).toEqual({
      code: 0,
      stdout: [
        'ID  RUN  NODE  KEY  DECIDES  APPROVALS  DUE',
        '1  2  review-hazardous  CHM-DRN-1L  role compliance  0 of 1  <timestamp>',
        '2  2  review-hazardous  CHM-IPA-5L  role compliance  0 of 1  <timestamp>',
        '3  2  review-hazardous  AER-DST-400  role compliance  0 of 1  <timestamp>',
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
});
