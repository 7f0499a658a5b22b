/**
 * An operator's day in the browser with the item-onboarding sample. A broken unit table sends
 * items to the dead letters. Once it is fixed, and one record's unit is corrected in place, a
 * replay from the Dead letters tab closes them all. The Runs view shows the lineage and re-runs a
 * run, and compliance approves, corrects and rejects the hazardous items in the approvals inbox.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';
import { openFromWorkspace, screenshot } from './support/designer-page.js';
import { copySample } from './support/sample-workspace.js';
import { RENDERER_DIR, startTestStudio, type TestStudio } from './support/test-studio.js';

let studio: TestStudio;
let browser: LaunchedBrowser;
let page: Page;
let sample: string;

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio();
  sample = await copySample('item-onboarding', studio.workspace);
  // Break the unit table: without 'piece', every item sold by the piece fails in normalize.
  const units = join(sample, 'data/shop-units.csv');
  await writeFile(units, (await readFile(units, 'utf8')).replace('piece,H87\n', ''));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(studio.server.url);
  await page.getByTestId('palette-csv.read').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

/** Business keys of a JSON Lines output of the sample, in file order. */
async function jsonKeys(file: string): Promise<string[]> {
  const text = await readFile(join(sample, 'out/shop', file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed = JSON.parse(line) as { sku?: string; key?: string };
      return parsed.sku ?? parsed.key ?? '';
    });
}

const UNIT_COLUMN = 'Unit of measure (product.metafields.custom.unit_of_measure)';

describe('operations in the designer', () => {
  it('lists the dead letters of a run with a broken code table', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('completed with errors');
    await page.getByTestId('tab-dead-letters').click();
    const table = page.getByTestId('dead-letters');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(7);
    await expect(table.textContent()).resolves.toContain("'bag' is not in code table 'units'");
    await expect(page.getByTestId('node-normalize-dead').textContent()).resolves.toBe('7 dead');
  });

  it('replays them after the table is fixed, one record edited', async () => {
    await appendFile(join(sample, 'data/shop-units.csv'), 'piece,H87\n');
    await page.getByLabel('Pick every open dead letter').check();
    await page.getByTestId('edit-dead-letter-6').click();
    const editor = page.getByLabel('Data of dead letter 6');
    await editor.fill((await editor.inputValue()).replace(`"${UNIT_COLUMN}": "bag"`, `"${UNIT_COLUMN}": "box"`));
    await page.getByTestId('keep-edit-6').click();
    await expect(page.getByTestId('replay-bar').textContent()).resolves.toContain('7 of 7 open dead letters picked, 1 with edited data');
    await screenshot(page, '50-replay-picked');

    await page.getByTestId('replay-button').click();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('Replayed 7 dead letters: run 2 (replay of run 1) waiting');
    const table = page.getByTestId('dead-letters');
    await expect.poll(() => table.locator('tbody tr.is-closed').count()).toBe(7);
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain('closed');
    await expect(page.getByTestId('tab-dead-letters').locator('.fm-tab__count').count()).resolves.toBe(0);
    await screenshot(page, '51-replay-closed');
    expect(await jsonKeys('catalog.jsonl')).toEqual(['GLV-NIT-M', 'GLV-NIT-L', 'CLO-MF-BLU', 'CLO-MF-YEL', 'WST-LIN-120', 'SOP-FOAM-500', 'FAS-CTB-200', 'CHM-FLR-10L']);
  });

  it('shows lineage in the runs view and re-runs a run', async () => {
    await page.getByTestId('view-runs').click();
    await expect(page.getByTestId('file-save').count()).resolves.toBe(0);
    await expect(page.getByTestId('run-2').textContent()).resolves.toContain('replay of run 1');
    await page.getByTestId('run-1').click();
    await expect.poll(() => page.getByTestId('run-children').textContent()).toContain('run 2 (replay, waiting)');
    await expect(page.getByTestId('runs-step-normalize').textContent()).resolves.toContain('Normalize columns');
    await page.getByTestId('run-link-2').click();
    await expect.poll(() => page.getByTestId('run-lineage').textContent()).toBe('replay of run 1');

    await page.getByTestId('run-1').click();
    await page.getByTestId('rerun-button').click();
    // The unit table was fixed for the replay, so run 1's lookup file differs now and the host rejects the plain rerun.
    await expect.poll(() => page.getByTestId('rerun-error').textContent(), { timeout: 30_000 }).toMatch(/lookup file .*shop-units\.csv of node '\w+' changed since run 1/);
    await page.getByRole('button', { name: 'Re-run on the files as they are now' }).click();
    await expect.poll(() => page.getByTestId('run-lineage').textContent(), { timeout: 30_000 }).toBe('rerun of run 1');
    await expect(page.getByTestId('run-detail').textContent()).resolves.toContain('Run 3');
    await screenshot(page, '52-runs-lineage');
  });

  it('approves, corrects and rejects hazardous items in the inbox', async () => {
    await page.getByTestId('view-approvals').click();
    const list = page.getByTestId('approvals-view').locator('.fm-runs__list li');
    await expect.poll(() => list.count()).toBe(3);
    await expect(list.first().locator('.fm-approvals__summary').textContent()).resolves.toBe('title: Drain Cleaner Gel 1 l · class: 8 · unNumber: UN1719');
    await expect(page.getByTestId('approval-detail').textContent()).resolves.toContain('CHM-DRN-1L');
    await page.getByTestId('approval-actor').fill('ana');
    await page.getByTestId('approval-comment').fill('data sheet on file');
    await page.getByTestId('approve-button').click();
    await expect.poll(() => list.count()).toBe(2);
    expect(await jsonKeys('hazardous-items.jsonl')).toEqual(['CHM-DRN-1L']);

    await page.getByTestId('approval-2').click();
    const hazard = page.getByTestId('approval-field-hazard');
    await hazard.fill((await hazard.inputValue()).replace('"class":"3"', '"class":"3.1"'));
    await page.getByTestId('approve-button').click();
    await expect.poll(() => page.getByTestId('approval-audit').textContent()).toContain('ana changed hazard');
    await page.getByTestId('approve-button').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('ana edited the data of approval 2 and cannot also approve it');
    await page.getByTestId('approval-actor').fill('ben');
    await page.getByTestId('approve-button').click();
    await expect.poll(() => list.count()).toBe(1);

    await page.getByTestId('reject-button').click();
    await expect(page.getByTestId('approval-problem').textContent()).resolves.toContain('Say why in the comment');
    await page.getByTestId('approval-comment').fill('no safety data sheet');
    await screenshot(page, '53-approvals-inbox');
    await page.getByTestId('reject-button').click();
    await expect.poll(() => list.count()).toBe(0);

    expect(await jsonKeys('hazardous-items.jsonl')).toEqual(['CHM-DRN-1L', 'CHM-IPA-5L']);
    expect(await jsonKeys('rejected-hazardous.jsonl')).toEqual(['AER-DST-400']);
    const corrected = (await readFile(join(sample, 'out/shop/hazardous-items.jsonl'), 'utf8')).split('\n')[1] ?? '';
    expect(JSON.parse(corrected)).toMatchObject({ sku: 'CHM-IPA-5L', hazard: { class: '3.1' } });
  });
});
