/**
 * The inspector in the browser: what a config form shows and keeps. Invalid JSON survives a change
 * of selection and blocks the run, parameter bindings show on every kind of field, defaults look
 * like defaults, new nodes ask for what they need, and node ids can be renamed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';
import { dragFromPalette, screenshot, selectNode, typeInMonaco } from './support/designer-page.js';
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

describe('inspector', () => {
  it('keeps invalid JSON and blocks the run', async () => {
    await dragFromPalette(page, 'validate', { x: 100, y: 100 });
    await dragFromPalette(page, 'map', { x: 400, y: 100 });
    await selectNode(page, 'validate-1');
    await page.getByTestId('set-config-validate-1_codeTables').click();
    const editor = page.getByTestId('code-config-validate-1_codeTables');
    await typeInMonaco(page, editor, '{"uom": {"EA": "each"}} trailing');
    await page.getByTestId('code-error-config-validate-1_codeTables').waitFor();

    await selectNode(page, 'map-1');
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('config.codeTables');
    await expect(page.getByTestId('problems').textContent()).resolves.toContain('invalid JSON');
    await expect(page.getByTestId('toolbar-run').isDisabled()).resolves.toBe(true);

    await selectNode(page, 'validate-1');
    await expect(editor.locator('.view-lines').textContent()).resolves.toContain('trailing');
    await page.getByTestId('code-error-config-validate-1_codeTables').waitFor();
    await screenshot(page, '30-invalid-json-kept');

    await typeInMonaco(page, editor, '{"uom": {"EA": "each"}}');
    await page.getByTestId('code-error-config-validate-1_codeTables').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('problems').textContent()).not.toContain('invalid JSON');
  });
});
