/** Steps on the designer page that the UI tests repeat: dragging from the palette, connecting ports, typing into Monaco. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Drags a palette item onto the canvas at a point relative to the canvas's top left corner. */
export async function dragFromPalette(page: Page, type: string, at: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: at });
}

function handle(page: Page, nodeId: string, port: string, type: 'source' | 'target'): Locator {
  return page.locator(`.react-flow__node[data-id="${nodeId}"] .react-flow__handle.${type}[data-handleid="${port}"]`);
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (box === null) {
    throw new Error('element is not visible');
  }
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from an output port's handle to a node's input handle with the mouse, as a person would. */
export async function connect(page: Page, from: { node: string; port: string }, to: { node: string }): Promise<void> {
  const start = await centre(handle(page, from.node, from.port, 'source'));
  const end = await centre(handle(page, to.node, 'in', 'target'));
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** Replaces the text of the Monaco editor inside `container`. `insertText` because `type` drops spaces in Monaco. */
export async function typeInMonaco(page: Page, container: Locator, text: string): Promise<void> {
  await container.locator('.monaco-editor').waitFor();
  await container.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export async function selectNode(page: Page, nodeId: string): Promise<void> {
  await page.locator(`[data-testid="node-${nodeId}"] .fm-node__header`).click();
  await page.getByTestId('inspector-node').waitFor();
}

/** Opens a flow of the workspace through the Open dialog; `discard` answers the unsaved changes prompt. */
export async function openFromWorkspace(page: Page, path: string, options: { discard?: boolean } = {}): Promise<void> {
  await page.getByTestId('file-open').click();
  await page.getByTestId(`open-${path}`).click();
  if (options.discard === true) {
    await page.getByTestId('discard-changes').click();
  }
  await page.getByTestId('open-list').waitFor({ state: 'detached' });
}
