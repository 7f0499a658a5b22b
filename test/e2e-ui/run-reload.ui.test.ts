/**
 * A reload of the page during a run: the designer finds the run the host is still running for the
 * open flow and shows it as before, with live counts and Cancel.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serializeFlow } from '../../engine/flow/write-flow.js';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';
import { openFromWorkspace, screenshot } from './support/designer-page.js';
import { RENDERER_DIR, startTestStudio, type TestStudio } from './support/test-studio.js';

let studio: TestStudio;
let browser: LaunchedBrowser;
let page: Page;

/** Enough rows that the run is still going when the reloaded page requests it. */
const ROWS = 1_000_000;

const bigFlow: FlowDocument = {
  formatVersion: 1,
  id: 'big-items',
  name: 'Big items',
  nodes: [
    { id: 'read', type: 'csv.read', typeVersion: 1, name: 'Read', config: { path: 'big.csv' }, position: { x: 0, y: 0 } },
    { id: 'write', type: 'json.write', typeVersion: 1, name: 'Write', config: { path: 'out/big.jsonl' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ from: { node: 'read', port: 'out' }, to: { node: 'write', port: 'in' } }],
};

function bigCsv(rows: number): string {
  const lines = ['sku,name'];
  for (let index = 1; index <= rows; index++) {
    lines.push(`SKU-${index},Item ${index}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio({ batchSize: 500 });
  await writeFile(join(studio.workspace, 'big.csv'), bigCsv(ROWS));
  await writeFile(join(studio.workspace, 'big.flow.json'), serializeFlow(bigFlow));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(studio.server.url);
  await page.getByTestId('palette-csv.read').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

const sentByRead = async (target: Page): Promise<number> =>
  Number(((await target.getByTestId('count-read-out').textContent({ timeout: 30_000 })) ?? '').replace(/,/g, ''));

describe('reload during a run', () => {
  it('shows the run still going after a reload', async () => {
    await openFromWorkspace(page, 'big.flow.json');
    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => sentByRead(page), { timeout: 30_000 }).toBeGreaterThan(0);

    await page.reload();
    await page.getByTestId('palette-csv.read').waitFor();
    await expect.poll(() => page.getByTestId('flow-title').textContent()).toBe('Big items');
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('running');
    const afterReload = await sentByRead(page);
    expect(afterReload).toBeGreaterThan(0);
    await expect.poll(() => sentByRead(page), { timeout: 30_000 }).toBeGreaterThan(afterReload);
    await expect(page.getByTestId('toolbar-cancel').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('toolbar-run').count()).resolves.toBe(0);
    await expect(page.getByTestId('validation-state').textContent()).resolves.toBe('running');
    await screenshot(page, 'run-reload-01-running-after-reload');

    await page.getByTestId('cancel-button').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toContain('cancelled');
    await expect(page.getByTestId('toolbar-run').isEnabled()).resolves.toBe(true);
    expect((await studio.host.listActiveRuns({})).runs).toEqual([]);
  });
});
