/**
 * The designer in Chromium against web mode: an analyst builds an item flow from an empty canvas,
 * configures it in the inspector, sees a mistake on the right node, saves, reopens, runs it, and
 * reads counts, record previews, dead letters and the run history.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serializeFlow } from '../../engine/flow/write-flow.js';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { launchBrowser, type LaunchedBrowser } from './support/browser.js';
import { connect, dragFromPalette, screenshot, selectNode, typeInMonaco } from './support/designer-page.js';
import { RENDERER_DIR, startTestStudio, type TestStudio } from './support/test-studio.js';

let studio: TestStudio;
let browser: LaunchedBrowser;
let page: Page;
const requests: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio({ batchSize: 200 });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(studio.server.url);
  await page.getByTestId('palette-test.generate').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

const canvasNodes = (target: Page) => target.locator('.react-flow__node');
const canvasEdges = (target: Page) => target.locator('.react-flow__edge');

describe('designer in web mode', () => {
  it('builds an item flow from the palette', async () => {
    await screenshot(page, '01-empty-canvas');
    await expect(canvasNodes(page).count()).resolves.toBe(0);

    await dragFromPalette(page, 'test.generate', { x: 120, y: 120 });
    await dragFromPalette(page, 'test.map', { x: 420, y: 120 });
    await dragFromPalette(page, 'test.validate', { x: 720, y: 120 });
    await dragFromPalette(page, 'test.write', { x: 720, y: 330 });
    await expect(canvasNodes(page).count()).resolves.toBe(4);
    for (const id of ['test-generate-1', 'test-map-1', 'test-validate-1', 'test-write-1']) {
      await page.getByTestId(`node-${id}`).waitFor();
    }

    await connect(page, { node: 'test-generate-1', port: 'out' }, { node: 'test-map-1' });
    await connect(page, { node: 'test-map-1', port: 'out' }, { node: 'test-validate-1' });
    await connect(page, { node: 'test-validate-1', port: 'out' }, { node: 'test-write-1' });
    await expect.poll(() => canvasEdges(page).count()).toBe(3);
  });

  it('rejects a self-loop and a duplicate edge', async () => {
    await connect(page, { node: 'test-map-1', port: 'out' }, { node: 'test-map-1' });
    await connect(page, { node: 'test-generate-1', port: 'out' }, { node: 'test-map-1' });
    await expect(canvasEdges(page).count()).resolves.toBe(3);
  });

  it('shows a mistake on the node that has it', async () => {
    await selectNode(page, 'test-map-1');
    await page.locator('#config-test-map-1_fields__add').click();
    await page.locator('#config-test-map-1_fields_0_target').fill('name');
    const error = page.getByTestId('node-test-map-1-errors');
    await expect.poll(() => error.textContent()).toBe('1');
    await expect(page.getByTestId('node-test-generate-1-errors').count()).resolves.toBe(0);
    await page.getByTestId('tab-problems').click();
    await expect(page.getByTestId('problems').textContent()).resolves.toContain('config.fields.0.expression');
    await expect(page.getByTestId('toolbar-run').isDisabled()).resolves.toBe(true);
    await screenshot(page, '02-mistake-on-node');
  });

  it('marks a JSONata syntax error while typing', async () => {
    const editor = page.getByTestId('code-config-test-map-1_fields_0_expression');
    // Monaco closes brackets as they are typed, so the mistake is a dangling operator.
    await typeInMonaco(page, editor, '$uppercase(name) &');
    const inline = page.getByTestId('code-error-config-test-map-1_fields_0_expression');
    await inline.waitFor();
    await expect(inline.textContent()).resolves.toMatch(/^Syntax error at line 1 column \d+: /);
    await screenshot(page, '03-jsonata-syntax-error');
    await typeInMonaco(page, editor, '$uppercase(name)');
    await inline.waitFor({ state: 'detached' });
  });

  it('configures every node in the inspector', async () => {
    await page.locator('#config-test-map-1_fields__add').click();
    await page.locator('#config-test-map-1_fields_1_target').fill('price');
    await typeInMonaco(page, page.getByTestId('code-config-test-map-1_fields_1_expression'), 'price > 30 ? $error("price " & price & " is over the limit") : price');
    await page.locator('#node-name').fill('Clean items');

    await selectNode(page, 'test-generate-1');
    await page.locator('#config-test-generate-1_count').fill('40');
    await page.locator('#config-test-generate-1_missingUomEvery').fill('4');

    await selectNode(page, 'test-validate-1');
    await typeInMonaco(page, page.getByTestId('code-config-test-validate-1_schema'), '{"type": "object", "required": ["uom"], "properties": {"uom": {"type": "string", "minLength": 1}}}');

    await selectNode(page, 'test-write-1');
    await page.locator('#config-test-write-1_path').fill('out/items.jsonl');

    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await expect(page.locator('.fm-badge--error').count()).resolves.toBe(0);
    await page.getByTestId('view-fit').click();
    await screenshot(page, '04-configured-flow');
  });

  it('undoes and redoes an edit', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await expect(page.locator('[data-testid="node-test-write-1"]').count()).resolves.toBe(1);
    await selectNode(page, 'test-write-1');
    await expect(page.locator('#config-test-write-1_path').inputValue()).resolves.toBe('out/records.jsonl');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Y');
    await selectNode(page, 'test-write-1');
    await expect(page.locator('#config-test-write-1_path').inputValue()).resolves.toBe('out/items.jsonl');
  });

  it('copies, pastes and deletes nodes', async () => {
    await selectNode(page, 'test-map-1');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await selectNode(page, 'test-map-1');
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await page.getByTestId('node-test-map-2').waitFor();
    await expect(canvasNodes(page).count()).resolves.toBe(5);
    await page.keyboard.press('Delete');
    await page.getByTestId('node-test-map-2').waitFor({ state: 'detached' });
    await expect(canvasNodes(page).count()).resolves.toBe(4);
    await expect(canvasEdges(page).count()).resolves.toBe(3);
  });

  it('saves the deterministic flow file', async () => {
    await page.keyboard.press('ControlOrMeta+S');
    await page.getByTestId('save-as-path').fill('items/item-sync.flow.json');
    await page.getByTestId('save-as-confirm').click();
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    const text = await readFile(join(studio.workspace, 'items/item-sync.flow.json'), 'utf8');
    const flow = JSON.parse(text) as FlowDocument;
    expect(text).toBe(serializeFlow(flow));
    expect(flow.nodes.map((node) => node.id)).toEqual(['test-generate-1', 'test-map-1', 'test-validate-1', 'test-write-1']);
    expect(flow.nodes[1]?.name).toBe('Clean items');
    expect(flow.nodes[1]?.config).toEqual({
      fields: [
        { expression: '$uppercase(name)', target: 'name' },
        { expression: 'price > 30 ? $error("price " & price & " is over the limit") : price', target: 'price' },
      ],
      keepOtherFields: true,
    });
    expect(flow.edges).toHaveLength(3);
  });

  it('reopens the saved flow', async () => {
    await page.getByTestId('file-new').click();
    await expect.poll(() => canvasNodes(page).count()).toBe(0);
    await page.getByTestId('file-open').click();
    await page.getByTestId('open-items/item-sync.flow.json').click();
    await expect.poll(() => canvasNodes(page).count()).toBe(4);
    await expect.poll(() => canvasEdges(page).count()).toBe(3);
    await expect(page.getByTestId('flow-title').textContent()).resolves.toBe('New flow');
    await selectNode(page, 'test-map-1');
    await expect(page.getByTestId('code-config-test-map-1_fields_0_expression').locator('.view-lines').textContent()).resolves.toContain('$uppercase(name)');
  });

  it('runs the flow and shows counts per port', async () => {
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('completed with errors');
    await expect(page.getByTestId('count-test-generate-1-out').textContent()).resolves.toBe('40');
    await expect(page.getByTestId('count-test-map-1-out').textContent()).resolves.toBe('30');
    await expect(page.getByTestId('count-test-validate-1-out').textContent()).resolves.toBe('23');
    await expect(page.getByTestId('count-test-validate-1-invalid').textContent()).resolves.toBe('7');
    const written = await readFile(join(studio.workspace, 'items/out/items.jsonl'), 'utf8');
    expect(written.trim().split('\n')).toHaveLength(23);
  });

  it('previews the records of a step per port', async () => {
    await selectNode(page, 'test-validate-1');
    await page.getByTestId('records-test-validate-1-out').waitFor();
    await expect(page.getByTestId('records-test-validate-1-out').textContent()).resolves.toContain('ITEM 1');
    await page.getByTestId('preview-port-invalid').click();
    const invalid = page.getByTestId('records-test-validate-1-invalid');
    await invalid.waitFor();
    await expect(invalid.textContent()).resolves.toContain('must NOT have fewer than 1 characters');
    await expect(invalid.locator('tbody tr').count()).resolves.toBe(7);
    await screenshot(page, '05-run-preview');
  });

  it('lists the dead letters of the run', async () => {
    await page.getByTestId('tab-dead-letters').click();
    const table = page.getByTestId('dead-letters');
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(10);
    await expect(table.textContent()).resolves.toContain('mapping failed: price 30.5 is over the limit');
    await screenshot(page, '06-dead-letters');
  });

  it('shows live counts during a large run and cancels it', async () => {
    await selectNode(page, 'test-generate-1');
    await page.locator('#config-test-generate-1_count').fill('2000000');
    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('running');
    await expect.poll(async () => Number((await page.getByTestId('count-test-generate-1-out').textContent({ timeout: 30_000 }))?.replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, '07-live-counts');
    await page.getByTestId('cancel-button').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('cancelled');
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('ControlOrMeta+Z');
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
  });

  it('shows run history with steps and records', async () => {
    await page.getByTestId('view-runs').click();
    await page.getByTestId('run-1').click();
    await page.getByTestId('run-detail').waitFor();
    await expect(page.getByTestId('run-detail').textContent()).resolves.toContain('completed with errors');
    await page.getByTestId('runs-step-test-map-1').click();
    await page.getByTestId('records-test-map-1-out').waitFor();
    await screenshot(page, '08-runs-view');
    await page.getByTestId('view-designer').click();
  });

  it('reports a broken file clearly', async () => {
    await writeFile(join(studio.workspace, 'broken.flow.json'), '{\n  "formatVersion": 1,\n  "id": "broken",\n  "nodes": [\n');
    await page.getByTestId('file-open').click();
    await page.getByTestId('open-broken.flow.json').click();
    const problems = page.getByTestId('broken-file-problems');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain('invalid JSON at line 5 column 1: Unexpected end of JSON input');
    await screenshot(page, '09-broken-file');
    await page.keyboard.press('Escape');
  });

  it('fetches nothing from outside 127.0.0.1', () => {
    const origin = `http://127.0.0.1:${studio.server.port}/`;
    const outside = requests.filter((url) => !url.startsWith(origin) && !url.startsWith(`ws://127.0.0.1:${studio.server.port}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(outside).toEqual([]);
    expect(requests.some((url) => url.includes('editor.worker'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
