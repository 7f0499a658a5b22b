/**
 * Run parameters in the browser: the values typed for a run belong to the flow they were typed
 * for, a parameters file fills them in, and each parameter shows its description.
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
import { copySample } from './support/sample-workspace.js';
import { RENDERER_DIR, startTestStudio, type TestStudio } from './support/test-studio.js';

let studio: TestStudio;
let browser: LaunchedBrowser;
let page: Page;

/** A second flow that declares a parameter of the same name as the item onboarding sample. */
const otherFlow: FlowDocument = {
  formatVersion: 1,
  id: 'other-items',
  name: 'Other items',
  parameters: { columnSku: { type: 'string', default: 'sku', description: 'Column with the item number.' } },
  nodes: [
    { id: 'read', type: 'csv.read', typeVersion: 1, name: 'Read', config: { path: 'other.csv', keyColumn: { $param: 'columnSku' } }, position: { x: 0, y: 0 } },
    { id: 'write', type: 'json.write', typeVersion: 1, name: 'Write', config: { path: 'out/other.jsonl' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ from: { node: 'read', port: 'out' }, to: { node: 'write', port: 'in' } }],
};

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio();
  await copySample('item-onboarding', studio.workspace);
  await writeFile(join(studio.workspace, 'other.csv'), 'sku,name\nA-1,Bolt\nA-2,Nut\n');
  await writeFile(join(studio.workspace, 'other.flow.json'), serializeFlow(otherFlow));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(studio.server.url);
  await page.getByTestId('palette-csv.read').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

describe('run parameters', () => {
  it('keeps typed values with their flow', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json');
    await page.getByTestId('tab-run').click();
    await page.getByTestId('run-param-columnSku').fill('ITEM_NO');

    await openFromWorkspace(page, 'other.flow.json');
    await expect(page.getByTestId('run-param-columnSku').inputValue()).resolves.toBe('');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('completed');
    await expect(page.getByTestId('count-read-out').textContent()).resolves.toBe('2');
    await screenshot(page, '20-run-values-per-flow');
    await page.locator('[data-testid="node-write"] .fm-node__header').click();
    await page.keyboard.press('Delete');
    await page.getByTestId('step-write').waitFor({ state: 'detached' });
    await page.keyboard.press('ControlOrMeta+Z');

    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json');
    await expect(page.getByTestId('run-param-columnSku').inputValue()).resolves.toBe('ITEM_NO');
  });

  it('loads a parameters file and shows descriptions', async () => {
    await page.getByTestId('tab-run').click();
    await expect(page.getByTestId('run-param-description-columnSku').textContent()).resolves.toBe('Column with the item number; it is the business key.');
    await page.getByTestId('load-parameters').selectOption('item-onboarding/erp-layout.params.json');
    await expect.poll(() => page.getByTestId('run-param-currency').inputValue()).toBe('EUR');
    await expect(page.getByTestId('run-param-columnSku').inputValue()).resolves.toBe('ITEM_NO');
    await expect(page.getByTestId('run-param-input').inputValue()).resolves.toBe(join(studio.workspace, 'item-onboarding/data/erp-items.csv'));
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toMatch(/waiting|completed/);
    await expect(page.getByTestId('count-read-items-out').textContent()).resolves.toBe('14');
    await screenshot(page, '21-parameters-file');
  });
});
