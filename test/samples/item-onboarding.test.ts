/**
 * The item-onboarding sample end to end through the CLI: the Shopify-layout export, the ERP
 * export read through a parameters file, and the public Shopify export read in place. Hazardous
 * items wait for approval; once they are approved, the outputs are compared with the golden files
 * in samples/item-onboarding/expected/.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli } from '../support/cli.js';
import { realdataPath } from '../support/realdata.js';

const SAMPLE = join(REPOSITORY_ROOT, 'samples', 'item-onboarding');
let workspace: string;
let database: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'flowmason-sample-'));
  cpSync(SAMPLE, workspace, { recursive: true, filter: (source) => !source.includes(`${SAMPLE}/out`) });
  database = join(workspace, 'history.db');
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

/** Reads an output file with the temporary folder replaced, so it compares with a golden file. */
function output(relativePath: string): string {
  return readFileSync(join(workspace, relativePath), 'utf8').replaceAll(workspace, '<sample>');
}

function golden(relativePath: string): string {
  return readFileSync(join(SAMPLE, 'expected', relativePath), 'utf8');
}

function stepCounts(stdout: string): Record<string, unknown> {
  const summary = JSON.parse(stdout) as { steps: { nodeId: string; in: number; out: Record<string, number>; errors: number }[] };
  return Object.fromEntries(summary.steps.map((step) => [step.nodeId, [step.in, step.out, step.errors]]));
}

describe('item-onboarding sample', () => {
  it('onboards the Shopify-layout export', () => {
    const result = runCli(['run', join(workspace, 'item-onboarding.flow.json'), '--json', '--db', database]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId: 1, status: 'WAITING' });
    expect(stepCounts(result.stdout)).toEqual({
      'read-items': [0, { out: 15, error: 0 }, 0],
      normalize: [15, { out: 14, error: 0 }, 1],
      'check-items': [14, { valid: 10, invalid: 4, error: 0 }, 0],
      'to-catalog': [10, { out: 10, error: 0 }, 0],
      'route-hazardous': [10, { hazardous: 3, default: 7, error: 0 }, 0],
      'write-catalog': [7, { error: 0 }, 0],
      'review-hazardous': [3, { approved: 0, rejected: 0, overdue: 0, error: 0 }, 0],
      'write-hazardous': [0, { error: 0 }, 0],
      'write-rejected': [0, { error: 0 }, 0],
      'to-wms': [10, { out: 10, error: 0 }, 0],
      'write-wms': [10, { error: 0 }, 0],
      'write-exceptions': [4, { error: 0 }, 0],
    });
    expect(output('out/shop/hazardous-items.jsonl')).toBe('');
    const approved = runCli(['approve', '1', '2', '3', '--as', 'compliance', '--db', database]);
    expect(approved.stderr).toBe('');
    expect(approved.stdout.trim().split('\n').slice(-2)).toEqual([
      'run 2 (approval of run 1) COMPLETED: continued approvals 1, 2, 3',
      'run 1 COMPLETED_WITH_ERRORS: every approval it held is decided',
    ]);
    for (const file of readdirSync(join(SAMPLE, 'expected', 'shop'))) {
      expect(output(join('out', 'shop', file)), file).toBe(golden(join('shop', file)));
    }
  });

  it('names each bad record by line and rule in the exceptions file', () => {
    const exceptions = output('out/shop/exceptions.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; origin: { line: number }; errors: { rule: string; message: string }[] });
    expect(exceptions.map((entry) => [entry.key, entry.origin.line, entry.errors.map((error) => error.rule)])).toEqual([
      ['PAP-TWL-6', 15, ['gtin', 'uom-code']],
      ['PPE-GLS-CLR', 16, ['gtin-check-digit']],
      ['GLV-LEA-10', 17, ['price-number']],
      ['PPE-EAR-200', 20, ['price-number']],
    ]);
  });

  it('keeps the unmapped unit as a located dead letter', () => {
    const result = runCli(['show', '1', '--json', '--db', database]);
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as { deadLetters: { nodeId: string; recordKey: string; origin: { line: number }; errorMessage: string }[] };
    expect(shown.deadLetters.map((letter) => [letter.nodeId, letter.recordKey, letter.origin.line, letter.errorMessage])).toEqual([
      ['normalize', 'FAS-CTB-200', 18, "field 'unit': 'bag' is not in code table 'units' (source 'Unit of measure (product.metafields.custom.unit_of_measure)')"],
    ]);
  });

  it('onboards the ERP export through the parameters file', () => {
    const result = runCli(['run', join(workspace, 'item-onboarding.flow.json'), '--params-file', join(workspace, 'erp-layout.params.json'), '--json', '--db', database]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(stepCounts(result.stdout)).toMatchObject({
      'read-items': [0, { out: 14, error: 0 }, 0],
      normalize: [14, { out: 13, error: 0 }, 1],
      'check-items': [13, { valid: 11, invalid: 2, error: 0 }, 0],
      'route-hazardous': [11, { hazardous: 3, default: 8, error: 0 }, 0],
    });
    expect(runCli(['approve', '4', '5', '6', '--as', 'compliance', '--db', database]).code).toBe(0);
    for (const file of readdirSync(join(SAMPLE, 'expected', 'erp'))) {
      expect(output(join('out', 'erp', file)), file).toBe(golden(join('erp', file)));
    }
  });

  it('lists both runs and their approval runs in flowmason runs', () => {
    const result = runCli(['runs', '--db', database]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+FLOW\s+STATUS\s+REASON\s+STARTED\s+TIME\s+DEAD LETTERS$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/).filter((cell, index) => index !== 4 && index !== 5))).toEqual([
      ['4', 'item-onboarding', 'COMPLETED', 'approval of 3', '0'],
      ['3', 'item-onboarding', 'COMPLETED_WITH_ERRORS', 'trigger', '1'],
      ['2', 'item-onboarding', 'COMPLETED', 'approval of 1', '0'],
      ['1', 'item-onboarding', 'COMPLETED_WITH_ERRORS', 'trigger', '1'],
    ]);
  });

  it('reads the public Shopify export in place', () => {
    const input = realdataPath('shopify-packt', 'products_export.csv');
    const result = runCli([
      'run',
      join(workspace, 'item-onboarding.flow.json'),
      '--json',
      '--db',
      database,
      '--param',
      `input=${input}`,
      '--param',
      'columnSku=Handle',
      '--param',
      `exceptionsFile=${join(workspace, 'out', 'real', 'exceptions.jsonl')}`,
      '--param',
      `catalogFile=${join(workspace, 'out', 'real', 'catalog.jsonl')}`,
    ]);
    expect(result.code).toBe(0);
    expect(stepCounts(result.stdout)).toMatchObject({
      'read-items': [0, { out: 21, error: 0 }, 0],
      'check-items': [21, { valid: 0, invalid: 21, error: 0 }, 0],
    });
    // The public export has no barcodes and no unit column, so every product becomes an exception naming those fields.
    const exceptions = output('out/real/exceptions.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; origin: { line: number }; errors: { field: string; rule: string }[] });
    expect(exceptions).toHaveLength(21);
    expect(exceptions[0]).toMatchObject({ key: 'floor-lamp', origin: { line: 2 } });
    // It has no hazard class column either, which the flow reports instead of skipping the compliance review.
    expect(exceptions[0]?.errors.map((error) => [error.field, error.rule])).toEqual([
      ['unit', 'required'],
      ['gtin', 'gtin'],
      ['hazardClass', 'hazard-column'],
    ]);
    // The variant row leaves Title empty, as Shopify does; csv.read fills it from its product row.
    const variantRow = exceptions.find((entry) => entry.origin.line === 27) as unknown as { data: Record<string, unknown>; errors: { field: string }[] };
    expect(variantRow.data['title']).toBe('Gardening Gloves');
    expect(variantRow.errors.map((error) => error.field)).toEqual(['unit', 'gtin', 'hazardClass']);
  });

  it('stops every item when the hazard class column is misnamed', () => {
    const result = runCli([
      'run',
      join(workspace, 'item-onboarding.flow.json'),
      '--json',
      '--db',
      database,
      '--param',
      'columnHazardClass=HazardClass',
      '--param',
      `exceptionsFile=${join(workspace, 'out', 'typo', 'exceptions.jsonl')}`,
      '--param',
      `catalogFile=${join(workspace, 'out', 'typo', 'catalog.jsonl')}`,
      '--param',
      `wmsFile=${join(workspace, 'out', 'typo', 'wms-items.csv')}`,
    ]);
    expect(stepCounts(result.stdout)).toMatchObject({ 'check-items': [14, { valid: 0, invalid: 14, error: 0 }, 0] });
    expect(output('out/typo/catalog.jsonl')).toBe('');
    const first = JSON.parse(output('out/typo/exceptions.jsonl').split('\n')[0] as string) as { errors: { rule: string; message: string }[] };
    expect(first.errors.find((error) => error.rule === 'hazard-column')?.message).toBe(
      "the export has no hazard class column, so hazardous items would skip the compliance review; set the columnHazardClass parameter to the export's hazard class column",
    );
  });

  it('uses only codes of the public UN/ECE Recommendation 20 list', () => {
    const official = new Map(
      readFileSync(realdataPath('uom', 'unece_rec20_active_units.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .filter((line) => line !== '')
        .map((line) => {
          const [code, name] = line.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, ''));
          return [code!, name!];
        }),
    );
    const ours = readFileSync(join(SAMPLE, 'data', 'uom-codes.csv'), 'utf8').trim().split('\n').slice(1);
    expect(ours.length).toBeGreaterThan(10);
    for (const line of ours) {
      const [code, name] = line.split(',');
      expect(official.get(code!), `code ${code}`).toBe(name);
    }
    for (const table of ['shop-units.csv', 'erp-units.csv']) {
      const targets = readFileSync(join(SAMPLE, 'data', table), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[1]!);
      // The shop table maps 'case' to CS on purpose: an X12 code, not a Recommendation 20 one, which the flow reports.
      expect(targets.filter((code) => !official.has(code)), table).toEqual(table === 'shop-units.csv' ? ['CS'] : []);
    }
  });
});
