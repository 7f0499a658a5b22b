/**
 * Designer benchmark (not a test): in Chromium against web mode, measures
 *
 * 1. opening a generated 300-node flow until every node is on the canvas, and
 * 2. the frame interval while dragging a node of that flow, and
 * 3. the frame interval while a 1,000,000-row run streams progress into the designer.
 *
 * Run with `npx tsx bench/designer/designer-bench.ts` after `npm run build`. It prints a
 * Markdown section for docs/benchmarks.md.
 */
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/e2e-ui/support/browser.js';
import { startTestStudio } from '../../test/e2e-ui/support/test-studio.js';
import { generateLargeFlow } from './generate-flow.js';

const NODE_COUNT = 300;
const OPEN_REPEATS = 5;
const DRAG_MOVES = 120;
const RUN_ROWS = Number(process.env.BENCH_RUN_ROWS ?? 1_000_000);

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/*
 * Page-side code is passed as strings: tsx compiles functions with helpers (`__name`) that do not
 * exist in the page, and the root tsconfig has no DOM types.
 */
const START_FRAME_RECORDER = `(() => {
  const state = { intervals: [], last: performance.now(), running: true, longTasks: 0 };
  window.benchFrames = state;
  new PerformanceObserver((list) => { state.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
  const tick = (now) => {
    state.intervals.push(now - state.last);
    state.last = now;
    if (state.running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP_FRAME_RECORDER = `(() => {
  const state = window.benchFrames;
  state.running = false;
  return { intervals: state.intervals.slice(1), longTasks: state.longTasks };
})()`;

const NODES_RENDERED = (count: number): string => `(() => {
  const nodes = document.querySelectorAll('.react-flow__node');
  return nodes.length === ${count} && [...nodes].every((node) => node.style.visibility !== 'hidden');
})()`;

const NODES_EMPTY = `document.querySelectorAll('.react-flow__node').length === 0`;

/** Polls a page expression from Node until it is true; waitForFunction would evaluate the string in the page, which the CSP forbids. */
async function waitUntil(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${expression}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Starts recording the interval between animation frames in the page, and long tasks. */
async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(START_FRAME_RECORDER);
}

async function stopFrameRecorder(page: Page): Promise<{ intervals: number[]; longTasks: number }> {
  return page.evaluate<{ intervals: number[]; longTasks: number }>(STOP_FRAME_RECORDER);
}

async function measureOpen(page: Page): Promise<number> {
  await page.getByTestId('file-new').click();
  const discard = page.getByTestId('discard-changes');
  if (await discard.isVisible()) {
    await discard.click();
  }
  await waitUntil(page, NODES_EMPTY);
  await page.getByTestId('file-open').click();
  const item = page.getByTestId('open-large.flow.json');
  await item.waitFor();
  const started = Date.now();
  await item.click();
  // Rendered means every node is in the DOM and measured (React Flow shows a node once it has its size).
  await waitUntil(page, NODES_RENDERED(NODE_COUNT));
  return Date.now() - started;
}

async function measureDrag(page: Page): Promise<{ intervals: number[]; longTasks: number; perMove: number }> {
  const header = page.locator('[data-testid="node-node-1"] .fm-node__header');
  const box = await header.boundingBox();
  if (box === null) {
    throw new Error('node-1 is not visible');
  }
  const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await startFrameRecorder(page);
  const began = Date.now();
  for (let step = 1; step <= DRAG_MOVES; step++) {
    await page.mouse.move(start.x + step * 2, start.y + Math.sin(step / 10) * 40);
  }
  const perMove = (Date.now() - began) / DRAG_MOVES;
  await page.mouse.up();
  return { ...(await stopFrameRecorder(page)), perMove };
}

async function measureRun(page: Page, workspace: string): Promise<{ intervals: number[]; longTasks: number; seconds: number }> {
  const lines = ['sku,name,price,uom'];
  for (let index = 1; index <= RUN_ROWS; index++) {
    lines.push(`SKU-${index},Item ${index},${(index % 100) + 0.5},EA`);
  }
  await writeFile(join(workspace, 'lane-1.csv'), `${lines.join('\n')}\n`);
  const flow = generateLargeFlow(LANE_LOW);
  await writeFile(join(workspace, 'run.flow.json'), `${JSON.stringify(flow, null, 2)}\n`);
  await page.getByTestId('file-new').click();
  const discard = page.getByTestId('discard-changes');
  if (await discard.isVisible()) {
    await discard.click();
  }
  await page.getByTestId('file-open').click();
  await page.getByTestId('open-run.flow.json').click();
  await waitUntil(page, NODES_RENDERED(LANE_LOW));
  await page.getByTestId('validation-state').filter({ hasText: 'ready' }).waitFor();
  await startFrameRecorder(page);
  const began = Date.now();
  await page.getByTestId('toolbar-run').click();
  await page.getByTestId('run-status').filter({ hasText: /completed|failed/ }).waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - began) / 1000;
  return { ...(await stopFrameRecorder(page)), seconds };
}

/** The run measurement uses one lane: csv.read, four maps, four validates, json.write. */
const LANE_LOW = 10;

async function main(): Promise<void> {
  const studio = await startTestStudio();
  const browser = await launchBrowser({ width: 1600, height: 1000 });
  try {
    await writeFile(join(studio.workspace, 'large.flow.json'), `${JSON.stringify(generateLargeFlow(NODE_COUNT), null, 2)}\n`);
    const page = await browser.context.newPage();
    const loadStarted = Date.now();
    await page.goto(studio.server.url);
    await page.getByTestId('palette-csv.read').waitFor();
    const pageLoad = Date.now() - loadStarted;

    const opens: number[] = [];
    for (let repeat = 0; repeat < OPEN_REPEATS; repeat++) {
      opens.push(await measureOpen(page));
    }
    const drag = await measureDrag(page);
    const run = await measureRun(page, studio.workspace);

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const lines = [
      '## Designer',
      '',
      `Measured with \`npx tsx bench/designer/designer-bench.ts\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB memory,`,
      `headless Chromium (${browser.context.browser()?.version() ?? 'version unknown'}) at 1600×1000, web mode on 127.0.0.1, software rendering (\`--disable-gpu\`).`,
      '',
      '| measurement | result |',
      '|---|---|',
      `| page load until the palette shows | ${pageLoad} ms |`,
      `| open a ${NODE_COUNT}-node flow until every node is rendered (median of ${OPEN_REPEATS}) | ${median(opens)} ms (min ${Math.min(...opens)}, max ${Math.max(...opens)}) |`,
      `| frame interval while dragging a node of that flow (${DRAG_MOVES} mouse moves) | median ${median(drag.intervals).toFixed(1)} ms, p95 ${percentile(drag.intervals, 0.95).toFixed(1)} ms, ${drag.longTasks} long tasks |`,
      `| time per drag mouse move, round trip from Playwright | ${drag.perMove.toFixed(1)} ms |`,
      `| frame interval during a ${RUN_ROWS.toLocaleString('en-US')}-row run (csv.read, 4 map, 4 validate, json.write; ${run.seconds.toFixed(1)} s) | median ${median(run.intervals).toFixed(1)} ms, p95 ${percentile(run.intervals, 0.95).toFixed(1)} ms, ${run.longTasks} long tasks |`,
      '',
      'Frame intervals come from `requestAnimationFrame` in the page; 16.7 ms is 60 frames per second.',
      'Long tasks are main-thread tasks over 50 ms (PerformanceObserver `longtask`). The engine runs in',
      'the same Node process as the web server here, as in `flowmason studio`.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await studio.close();
  }
}

await main();
