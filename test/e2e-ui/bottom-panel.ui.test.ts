/**
 * The bottom panel in the browser: it can be resized and remembers its height, invalid records
 * show their errors first, a source node previews the first records of its file, and Problems
 * removes an edge that the canvas cannot draw.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serializeFlow } from '../../engine/flow/write-flow.js';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';
import { openFromWorkspace, screenshot, selectNode } from './support/designer-page.js';
import { copySample } from './support/sample-workspace.js';
import { RENDERER_DIR, startTestStudio, type TestStudio } from './support/test-studio.js';

let studio: TestStudio;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio();
  await copySample('item-onboarding', studio.workspace);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(studio.server.url);
  await page.getByTestId('palette-csv.read').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

async function panelHeight(): Promise<number> {
  const box = await page.locator('.fm-bottom').boundingBox();
  return Math.round(box?.height ?? 0);
}

describe('bottom panel', () => {
  it('resizes and keeps its height after a reload', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json');
    const before = await panelHeight();
    const handle = page.getByRole('separator', { name: 'Resize the bottom panel' });
    const box = await handle.boundingBox();
    if (box === null) {
      throw new Error('the resize handle is not visible');
    }
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 200, { steps: 5 });
    await page.mouse.up();
    expect(await panelHeight()).toBe(before + 200);

    await page.reload();
    await page.getByTestId('palette-csv.read').waitFor();
    expect(await panelHeight()).toBe(before + 200);
    await expect.poll(() => page.getByTestId('flow-title').textContent()).toBe('Item onboarding');
  });

  it('shows the errors of invalid records first', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toMatch(/waiting|completed/);
    await selectNode(page, 'check-items');
    await page.getByTestId('preview-port-invalid').click();
    const table = page.getByTestId('records-check-items-invalid');
    await table.waitFor();
    await expect(table.locator('thead th').nth(2).textContent()).resolves.toBe('errors');
    const errors = table.locator('tbody tr').first().locator('.fm-table__errors');
    const cell = await errors.boundingBox();
    const wrap = await page.locator('.fm-run__preview').boundingBox();
    if (cell === null || wrap === null) {
      throw new Error('the errors cell or the preview is not visible');
    }
    expect(cell.x + cell.width).toBeLessThanOrEqual(wrap.x + wrap.width);
    await table.locator('tbody tr').first().click();
    await page.getByTestId('record-detail').waitFor();
    await screenshot(page, '40-invalid-record-errors');
  });

  it('previews the first records of a source node', async () => {
    await selectNode(page, 'read-items');
    await page.getByTestId('preview-source').click();
    const preview = page.getByTestId('source-preview-read-items');
    await preview.waitFor();
    await expect(page.getByTestId('source-preview-details').textContent()).resolves.toBe('(csv · utf-8 · delimiter Comma (,))');
    await expect(page.getByTestId('source-records-read-items').locator('tbody tr').count()).resolves.toBe(15);

    await page.getByTestId('tab-run').click();
    await page.getByTestId('load-parameters').selectOption('item-onboarding/erp-layout.params.json');
    await expect.poll(() => page.getByTestId('run-param-columnSku').inputValue()).toBe('ITEM_NO');
    await page.getByTestId('preview-source').click();
    await expect.poll(() => page.getByTestId('source-preview-details').textContent()).toBe('(csv · windows-1252 · delimiter Semicolon (;))');
    const records = page.getByTestId('source-records-read-items');
    await expect(records.locator('tbody tr').first().textContent()).resolves.toContain('10-4471');
    await screenshot(page, '41-source-preview');
  });

  it('removes an edge from a port that does not exist', async () => {
    const sample = join(studio.workspace, 'item-onboarding');
    const flow = JSON.parse(await readFile(join(sample, 'item-onboarding.flow.json'), 'utf8')) as FlowDocument;
    flow.edges.push({ from: { node: 'check-items', port: 'passed' }, to: { node: 'write-exceptions', port: 'in' } });
    await writeFile(join(sample, 'broken-edge.flow.json'), serializeFlow(flow));
    await openFromWorkspace(page, 'item-onboarding/broken-edge.flow.json');
    await page.getByTestId('tab-problems').click();
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.textContent()).toContain("node 'check-items' (validate) has no output port 'passed'; its ports: valid, invalid, error");
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(flow.edges.length - 1);
    const remove = problems.getByRole('button', { name: 'Remove edge check-items.passed -> write-exceptions.in' });
    await selectNode(page, 'check-items');
    await expect(page.getByTestId('inspector-node').getByRole('button', { name: 'Remove edge check-items.passed -> write-exceptions.in' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '42-broken-edge-problem');

    await remove.click();
    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await expect(page.getByTestId('notice').textContent()).resolves.toContain('Removed edge check-items.passed -> write-exceptions.in; Undo brings it back');
    await expect(page.getByTestId('dirty-marker').isVisible()).resolves.toBe(true);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(flow.edges.length - 1);
    await screenshot(page, '43-broken-edge-removed');

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => problems.textContent()).toContain("has no output port 'passed'");
    await expect(remove.isVisible()).resolves.toBe(true);
  });
});
