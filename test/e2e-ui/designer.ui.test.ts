/**
 * The designer in Chromium against web mode: an analyst builds an item flow from an empty canvas
 * with the product's node kinds, configures it in the inspector, finds a mistake on the right node,
 * saves, reopens, runs it, and reads counts, record previews, dead letters and the run history.
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

/** Item rows: every 4th has no unit of measure; prices run 0.5, 1.5, 2.5 and so on. */
function itemsCsv(rows: number): string {
  const lines = ['sku,name,price,uom'];
  for (let index = 1; index <= rows; index++) {
    lines.push(`SKU-${String(index).padStart(7, '0')},Item ${index},${((index - 1) % 100) + 0.5},${index % 4 === 0 ? '' : 'EA'}`);
  }
  return `${lines.join('\n')}\n`;
}

const PRICE_EXPRESSION = '$number(price) > 30 ? $error("price " & price & " is over the limit") : $number(price)';
const UOM_SCHEMA = '{"type": "object", "required": ["uom"], "properties": {"uom": {"type": "string", "minLength": 1}}}';

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`the designer is not built in ${RENDERER_DIR}; run \`npm run build\` first`);
  }
  studio = await startTestStudio({ batchSize: 500 });
  await writeFile(join(studio.workspace, 'items.csv'), itemsCsv(40));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(studio.server.url);
  await page.getByTestId('palette-csv.read').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await studio?.close();
});

const canvasNodes = (target: Page) => target.locator('.react-flow__node');
const canvasEdges = (target: Page) => target.locator('.react-flow__edge');
const clickEmptyCanvas = (target: Page) => target.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });

describe('designer in web mode', () => {
  it('builds an item flow from the palette', async () => {
    await screenshot(page, '01-empty-canvas');
    await expect(canvasNodes(page).count()).resolves.toBe(0);

    await dragFromPalette(page, 'csv.read', { x: 60, y: 120 });
    await dragFromPalette(page, 'map', { x: 330, y: 120 });
    await dragFromPalette(page, 'validate', { x: 600, y: 120 });
    await dragFromPalette(page, 'json.write', { x: 870, y: 40 });
    await dragFromPalette(page, 'json.write', { x: 870, y: 250 });
    for (const id of ['csv-read-1', 'map-1', 'validate-1', 'json-write-1', 'json-write-2']) {
      await page.getByTestId(`node-${id}`).waitFor();
    }
    await expect(canvasNodes(page).count()).resolves.toBe(5);

    await connect(page, { node: 'csv-read-1', port: 'out' }, { node: 'map-1' });
    await connect(page, { node: 'map-1', port: 'out' }, { node: 'validate-1' });
    await connect(page, { node: 'validate-1', port: 'valid' }, { node: 'json-write-1' });
    await connect(page, { node: 'validate-1', port: 'invalid' }, { node: 'json-write-2' });
    await expect.poll(() => canvasEdges(page).count()).toBe(4);
  });

  it('rejects a self-loop and a duplicate edge', async () => {
    await connect(page, { node: 'map-1', port: 'out' }, { node: 'map-1' });
    await connect(page, { node: 'csv-read-1', port: 'out' }, { node: 'map-1' });
    await expect(canvasEdges(page).count()).resolves.toBe(4);
  });

  it('shows a mistake on the node that has it', async () => {
    await selectNode(page, 'csv-read-1');
    await page.locator('#config-csv-read-1_path').fill('items.csv');
    await selectNode(page, 'map-1');
    await page.locator('#config-map-1_fields__add').click();
    await page.locator('#config-map-1_fields_0_target').fill('name');
    await page.getByTestId('node-map-1-errors').waitFor();
    await expect(page.getByTestId('node-csv-read-1-errors').count()).resolves.toBe(0);
    await expect(page.getByTestId('node-validate-1-errors').count()).resolves.toBe(0);
    await page.getByTestId('tab-problems').click();
    await expect(page.getByTestId('problems').textContent()).resolves.toContain('map-1');
    await expect(page.getByTestId('toolbar-run').isDisabled()).resolves.toBe(true);
    await screenshot(page, '02-mistake-on-node');
  });

  it('marks a JSONata syntax error while typing', async () => {
    const editor = page.getByTestId('code-config-map-1_fields_0_expression');
    // Monaco closes brackets as they are typed, so the mistake is a dangling operator.
    await typeInMonaco(page, editor, '$uppercase(name) &');
    const inline = page.getByTestId('code-error-config-map-1_fields_0_expression');
    await inline.waitFor();
    await expect(inline.textContent()).resolves.toMatch(/^Syntax error at line 1 column \d+: /);
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('invalid JSONata');
    // The inspector titles the first field fields-1, and the problem names it the same way.
    await expect(page.getByTestId('problems').locator('.fm-problem__field').first().textContent()).resolves.toBe('fields-1 › expression');
    await expect(page.getByTestId('code-host-error-config-map-1_fields_0_expression').count()).resolves.toBe(0);
    await screenshot(page, '03-jsonata-syntax-error');
    await typeInMonaco(page, editor, '$uppercase(name)');
    await inline.waitFor({ state: 'detached' });
    await page.getByTestId('node-map-1-errors').waitFor({ state: 'detached' });
  });

  it('configures every node in the inspector', async () => {
    await page.locator('#config-map-1_fields__add').click();
    await page.locator('#config-map-1_fields_1_target').fill('price');
    await typeInMonaco(page, page.getByTestId('code-config-map-1_fields_1_expression'), PRICE_EXPRESSION);
    await page.locator('#config-map-1_keepUnmapped').check();
    await page.locator('#node-name').fill('Clean items');

    await selectNode(page, 'csv-read-1');
    await page.locator('#config-csv-read-1_keyColumn').fill('sku');

    await selectNode(page, 'validate-1');
    await typeInMonaco(page, page.getByTestId('code-config-validate-1_schema'), UOM_SCHEMA);

    await selectNode(page, 'json-write-1');
    await page.locator('#config-json-write-1_path').fill('out/valid.jsonl');
    await selectNode(page, 'json-write-2');
    await page.locator('#config-json-write-2_include').selectOption('envelope');
    await page.locator('#config-json-write-2_path').fill('out/invalid.jsonl');

    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await expect(page.locator('.fm-badge--error').count()).resolves.toBe(0);
    await page.getByTestId('view-fit').click();
    await screenshot(page, '04-configured-flow');
  });

  it('undoes and redoes an edit', async () => {
    await clickEmptyCanvas(page);
    await page.keyboard.press('ControlOrMeta+Z');
    await selectNode(page, 'json-write-2');
    await expect(page.locator('#config-json-write-2_path').inputValue()).resolves.toBe('');
    await clickEmptyCanvas(page);
    await page.keyboard.press('ControlOrMeta+Y');
    await selectNode(page, 'json-write-2');
    await expect(page.locator('#config-json-write-2_path').inputValue()).resolves.toBe('out/invalid.jsonl');
  });

  it('copies, pastes and deletes nodes', async () => {
    await clickEmptyCanvas(page);
    await selectNode(page, 'map-1');
    await page.keyboard.press('ControlOrMeta+C');
    await page.keyboard.press('ControlOrMeta+V');
    await page.getByTestId('node-map-2').waitFor();
    await expect(canvasNodes(page).count()).resolves.toBe(6);
    await page.keyboard.press('Delete');
    await page.getByTestId('node-map-2').waitFor({ state: 'detached' });
    await expect(canvasNodes(page).count()).resolves.toBe(5);
    await expect(canvasEdges(page).count()).resolves.toBe(4);
  });

  it('keeps the selected node when Backspace follows a click on the inspector', async () => {
    await selectNode(page, 'map-1');
    await page.locator('.fm-inspector__title').click();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('node-map-1').count()).resolves.toBe(1);
    await expect(canvasNodes(page).count()).resolves.toBe(5);
  });

  it('selects several nodes with a box', async () => {
    await clickEmptyCanvas(page);
    const first = await page.getByTestId('node-csv-read-1').boundingBox();
    const second = await page.getByTestId('node-map-1').boundingBox();
    if (first === null || second === null) {
      throw new Error('nodes are not visible');
    }
    await page.keyboard.down('Shift');
    await page.mouse.move(first.x - 20, first.y - 20);
    await page.mouse.down();
    await page.mouse.move(second.x + second.width + 20, second.y + second.height + 20, { steps: 8 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(page.locator('.fm-inspector').textContent()).resolves.toContain('2 nodes selected');
    await page.keyboard.press('Delete');
    await expect.poll(() => canvasNodes(page).count()).toBe(3);
    await expect(canvasEdges(page).count()).resolves.toBe(2);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => canvasNodes(page).count()).toBe(5);
    await expect.poll(() => canvasEdges(page).count()).toBe(4);
  });

  it('saves the deterministic flow file', async () => {
    await page.keyboard.press('ControlOrMeta+S');
    await page.getByTestId('save-as-path').fill('item-sync.flow.json');
    await page.getByTestId('save-as-confirm').click();
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    const text = await readFile(join(studio.workspace, 'item-sync.flow.json'), 'utf8');
    const flow = JSON.parse(text) as FlowDocument;
    expect(text).toBe(serializeFlow(flow));
    expect(flow.nodes.map((node) => node.id)).toEqual(['csv-read-1', 'json-write-1', 'json-write-2', 'map-1', 'validate-1']);
    const map = flow.nodes.find((node) => node.id === 'map-1');
    expect(map?.name).toBe('Clean items');
    expect(map?.config).toEqual({
      fields: [
        { expression: '$uppercase(name)', target: 'name' },
        { expression: PRICE_EXPRESSION, target: 'price' },
      ],
      keepUnmapped: true,
    });
    expect(flow.edges).toHaveLength(4);
  });

  it('reopens the saved flow', async () => {
    await page.getByTestId('file-new').click();
    await expect.poll(() => canvasNodes(page).count()).toBe(0);
    await page.getByTestId('file-open').click();
    await page.getByTestId('open-item-sync.flow.json').click();
    await expect.poll(() => canvasNodes(page).count()).toBe(5);
    await expect.poll(() => canvasEdges(page).count()).toBe(4);
    await selectNode(page, 'map-1');
    // Monaco draws its lines after it mounts, so the text is awaited rather than read once.
    await expect.poll(() => page.getByTestId('code-config-map-1_fields_0_expression').locator('.view-lines').textContent()).toContain('$uppercase(name)');
  });

  it('runs the flow and shows counts per port', async () => {
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('completed with errors');
    await expect(page.getByTestId('count-csv-read-1-out').textContent()).resolves.toBe('40');
    await expect(page.getByTestId('count-map-1-out').textContent()).resolves.toBe('30');
    await expect(page.getByTestId('count-validate-1-valid').textContent()).resolves.toBe('23');
    await expect(page.getByTestId('count-validate-1-invalid').textContent()).resolves.toBe('7');
    const valid = await readFile(join(studio.workspace, 'out/valid.jsonl'), 'utf8');
    expect(valid.trim().split('\n')).toHaveLength(23);
    expect(JSON.parse(valid.split('\n')[0] ?? '')).toMatchObject({ sku: 'SKU-0000001', name: 'ITEM 1', price: 0.5, uom: 'EA' });
  });

  it('previews the records of a step per port', async () => {
    await selectNode(page, 'validate-1');
    const valid = page.getByTestId('records-validate-1-valid');
    await valid.waitFor();
    await expect(valid.textContent()).resolves.toContain('ITEM 1');
    await page.getByTestId('preview-port-invalid').click();
    const invalid = page.getByTestId('records-validate-1-invalid');
    await invalid.waitFor();
    await expect(invalid.locator('tbody tr').count()).resolves.toBe(7);
    await expect(invalid.locator('.fm-table__errors').first().textContent()).resolves.toContain('uom');
    await screenshot(page, '05-run-preview');
  });

  it('lists the dead letters of the run', async () => {
    await page.getByTestId('tab-dead-letters').click();
    const table = page.getByTestId('dead-letters');
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(10);
    await expect(table.textContent()).resolves.toContain('price 30.5 is over the limit');
    await screenshot(page, '06-dead-letters');
  });

  it('shows live counts during a large run and cancels it', async () => {
    await writeFile(join(studio.workspace, 'big.csv'), itemsCsv(1_000_000));
    await selectNode(page, 'csv-read-1');
    await page.locator('#config-csv-read-1_path').fill('big.csv');
    await expect.poll(() => page.getByTestId('validation-state').textContent()).toBe('ready to run');
    await page.getByTestId('toolbar-run').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('running');
    const sent = async () => Number(((await page.getByTestId('count-csv-read-1-out').textContent({ timeout: 30_000 })) ?? '').replace(/,/g, ''));
    await expect.poll(sent, { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, '07-live-counts');
    await page.getByTestId('cancel-button').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toContain('cancelled');
    await clickEmptyCanvas(page);
    await page.keyboard.press('ControlOrMeta+Z');
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
  });

  it('shows run history with steps and records', async () => {
    await page.getByTestId('view-runs').click();
    await page.getByTestId('run-1').click();
    await page.getByTestId('run-detail').waitFor();
    await expect(page.getByTestId('run-detail').textContent()).resolves.toContain('completed with errors');
    await page.getByTestId('runs-step-map-1').click();
    await page.getByTestId('records-map-1-out').waitFor();
    await screenshot(page, '08-runs-view');
    await page.getByTestId('view-designer').click();
  });

  it('runs with a flow parameter value', async () => {
    await writeFile(join(studio.workspace, 'few.csv'), itemsCsv(8));
    await page.getByTestId('tab-parameters').click();
    await page.getByLabel('New parameter name').fill('input');
    await page.getByRole('button', { name: 'Add parameter' }).click();
    await page.getByLabel('Type of input').selectOption('path');
    await page.getByLabel('Default of input').fill('items.csv');
    await selectNode(page, 'csv-read-1');
    await page.locator('.fm-reference', { has: page.locator('#config-csv-read-1_path') }).getByLabel('Use a flow parameter').selectOption('input');
    await expect(page.locator('.fm-reference__chip').first().textContent()).resolves.toBe('parameter input = items.csv');
    await page.getByTestId('tab-run').click();
    await page.getByTestId('run-param-input').fill('few.csv');
    await page.getByTestId('run-button').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toContain('completed');
    await expect(page.getByTestId('count-csv-read-1-out').textContent()).resolves.toBe('8');
    await screenshot(page, '10-parameters-run');
  });

  it('reports a broken file clearly', async () => {
    await writeFile(join(studio.workspace, 'broken.flow.json'), '{\n  "formatVersion": 1,\n  "id": "broken",\n  "nodes": [\n');
    await page.getByTestId('file-open').click();
    await page.getByTestId('open-broken.flow.json').click();
    await page.getByTestId('discard-changes').click();
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
