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
import { connect, dragFromPalette, openFromWorkspace, screenshot, selectNode, typeInMonaco } from './support/designer-page.js';
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
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('codeTablesinvalid JSON');
    await expect(page.getByTestId('problems').textContent()).resolves.toContain('invalid JSON');
    await expect(page.getByTestId('toolbar-run').isDisabled()).resolves.toBe(true);

    await selectNode(page, 'validate-1');
    // Monaco draws its lines after it mounts, so the text is awaited rather than read once.
    await expect.poll(() => editor.locator('.view-lines').textContent()).toContain('trailing');
    await page.getByTestId('code-error-config-validate-1_codeTables').waitFor();
    await screenshot(page, '30-invalid-json-kept');

    await typeInMonaco(page, editor, '{"uom": {"EA": "each"}}');
    await page.getByTestId('code-error-config-validate-1_codeTables').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('problems').textContent()).not.toContain('invalid JSON');
  });

  it('shows parameter bindings and defaults on every field', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json', { discard: true });
    await selectNode(page, 'read-items');
    await expect(page.getByTestId('binding-config-read-items_delimiter').textContent()).resolves.toContain('parameter delimiter');
    await expect(page.getByTestId('binding-config-read-items_encoding').textContent()).resolves.toContain('parameter encoding');
    await expect(page.locator('#config-read-items_header').isChecked()).resolves.toBe(true);
    await expect(page.locator('#config-read-items_skipEmptyLines').isChecked()).resolves.toBe(true);
    await screenshot(page, '31-bindings-and-defaults');

    await page.getByTestId('binding-config-read-items_delimiter').getByRole('button', { name: 'Use a value' }).click();
    const delimiter = page.locator('#config-read-items_delimiter');
    await expect(delimiter.locator('option:checked').textContent()).resolves.toBe('default (auto)');
    await expect(delimiter.locator('option').allTextContents()).resolves.toContain('Tab');
    await delimiter.selectOption({ label: 'Semicolon (;)' });
    await page.locator('.fm-reference', { has: delimiter }).getByLabel('Use a flow parameter').selectOption('delimiter');
    await page.getByTestId('binding-config-read-items_delimiter').waitFor();

    const inspector = page.locator('.fm-inspector__body');
    // The tests compile without the DOM library, so the element gets the one member used here.
    await inspector.evaluate((element) => (element as unknown as { scrollTop: number }).scrollTop = 400);
    await selectNode(page, 'to-catalog');
    await expect(inspector.evaluate((element) => (element as unknown as { scrollTop: number }).scrollTop)).resolves.toBe(0);
    await expect(page.getByTestId('binding-config-to-catalog_fields_4_decimalSeparator').textContent()).resolves.toContain('parameter decimalSeparator');
    await expect(page.getByTestId('binding-config-to-catalog_fields_5_value').textContent()).resolves.toContain('parameter currency');
  });

  it('names union options instead of numbering them', async () => {
    await selectNode(page, 'route-hazardous');
    const kind = page.getByTestId('config-route-hazardous_routes_0_equals__kind');
    await kind.waitFor();
    await expect(page.locator('.fm-inspector').textContent()).resolves.not.toMatch(/option \d/);
    await expect(kind.locator('option').allTextContents()).resolves.toEqual(['not set', 'text', 'number', 'true / false', 'null']);
    await kind.selectOption('number');
    await page.locator('#config-route-hazardous_routes_0_equals').fill('3');
    await expect(page.locator('#config-route-hazardous_routes_0_equals').inputValue()).resolves.toBe('3');
    await screenshot(page, '32-union-value-editor');
    await kind.selectOption('');
    await page.locator('#config-route-hazardous_routes_0_equals').waitFor({ state: 'detached' });

    // A map field's default is the same kind of value, inside a list of fields.
    await selectNode(page, 'to-catalog');
    await page.getByTestId('config-to-catalog_fields_0_default__kind').waitFor();
    await expect(page.locator('.fm-inspector').textContent()).resolves.not.toMatch(/option \d/);
  });

  it('asks new nodes for what they need', async () => {
    await page.getByTestId('file-new').click();
    await page.getByTestId('discard-changes').click();
    await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(0);
    await dragFromPalette(page, 'csv.read', { x: 80, y: 120 });
    await page.locator('.react-flow__minimap').waitFor();
    await dragFromPalette(page, 'route', { x: 380, y: 120 });
    await page.getByTestId('tab-problems').click();
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.textContent()).toContain('pathis empty; a value is required');
    await expect(problems.textContent()).resolves.toContain('routes-1needs a condition, or a field with one of equals, in, matches, inTable');

    await selectNode(page, 'route-1');
    await page.locator('#config-route-1_routes_0_field').fill('hazard.class');
    await page.locator('#config-route-1_routes_0_matches').fill('^[1-9]');
    await expect.poll(() => problems.textContent()).not.toContain('routes-1');
    await typeInMonaco(page, page.getByTestId('code-config-route-1_routes_0_condition'), 'true');
    await expect.poll(() => problems.textContent()).toContain('sets both condition and a field test');
    await typeInMonaco(page, page.getByTestId('code-config-route-1_routes_0_condition'), '');
    await expect.poll(() => problems.textContent()).not.toContain('routes-1');
    await expect(problems.textContent()).resolves.not.toContain('fewer than');
    await screenshot(page, '33-new-nodes-ask');
  });

  it('renames a node id and keeps its edges', async () => {
    await connect(page, { node: 'csv-read-1', port: 'out' }, { node: 'route-1' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    await selectNode(page, 'route-1');
    const id = page.locator('#node-id');
    await id.fill('csv-read-1');
    await expect(page.getByTestId('node-id-error').textContent()).resolves.toBe("node id 'csv-read-1' is already used by another node; the id stays route-1");
    await id.fill('hazard-route');
    await id.press('Enter');
    await page.getByTestId('node-hazard-route').waitFor();
    await expect(page.getByTestId('node-route-1').count()).resolves.toBe(0);
    await expect(page.locator('.react-flow__edge').count()).resolves.toBe(1);
    await expect(page.locator('.fm-inspector__body .fm-mono').first().textContent()).resolves.toContain('hazard-route');
    await page.locator('#node-description').fill('Sends hazardous items to compliance');
    await screenshot(page, '34-node-id-renamed');
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => page.locator('#node-description').inputValue()).toBe('');
  });

  it('resizes from its left edge and keeps the width', async () => {
    await openFromWorkspace(page, 'item-onboarding/item-onboarding.flow.json', { discard: true });
    await selectNode(page, 'check-items');
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const editor = page.locator('[data-testid^="code-config-check-items_rules_"]').first();
    const widthOf = async (target: typeof inspector): Promise<number> => (await target.boundingBox())?.width ?? 0;
    const inspectorBefore = await widthOf(inspector);
    const editorBefore = await widthOf(editor);
    expect(editorBefore).toBeGreaterThan(0);

    const handle = page.getByRole('separator', { name: 'Resize the inspector' });
    const box = await handle.boundingBox();
    if (box === null) {
      throw new Error('the inspector resize handle is not visible');
    }
    await page.mouse.move(box.x + box.width / 2, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 250, box.y + 300, { steps: 5 });
    await page.mouse.up();
    expect(await widthOf(inspector)).toBe(inspectorBefore + 250);
    expect(await widthOf(editor)).toBeGreaterThanOrEqual(editorBefore + 200);
    await screenshot(page, '35-inspector-wide');

    await page.reload();
    await page.getByTestId('palette-csv.read').waitFor();
    await expect.poll(() => widthOf(inspector)).toBe(inspectorBefore + 250);

    const wide = await handle.boundingBox();
    if (wide === null) {
      throw new Error('the inspector resize handle is not visible after the reload');
    }
    await page.mouse.move(wide.x + wide.width / 2, wide.y + 300);
    await page.mouse.down();
    await page.mouse.move(wide.x + wide.width / 2 + 1_000, wide.y + 300, { steps: 5 });
    await page.mouse.up();
    expect(await widthOf(inspector)).toBe(280);
  });
});
