import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { csvReadNode } from './csv-read.node.js';

const ROWS = 200_000;
const BATCH_SIZE = 500;

describe('csv.read streaming', () => {
  let folder: string;
  let path: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-csv-stream-'));
    path = join(folder, 'large.csv');
    const stream = createWriteStream(path);
    stream.write('sku,name,qty\n');
    for (let index = 0; index < ROWS; index++) {
      if (!stream.write(`SKU-${index},"Item ${index}, boxed",${index % 100}\n`)) {
        await once(stream, 'drain');
      }
    }
    stream.end();
    await once(stream, 'finish');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('flushes full batches and never holds more', async () => {
    const batchSizes: number[] = [];
    let lastKey: string | null = null;
    const result = await runNode(
      csvReadNode,
      { path, keyColumn: 'sku' },
      {
        batchSize: BATCH_SIZE,
        onFlush: (progress) => {
          const batch = progress.ports.out ?? [];
          batchSizes.push(batch.length);
          lastKey = batch.at(-1)?.key ?? lastKey;
          // Drop what the harness collected, as a downstream node would consume it.
          progress.ports.out = [];
        },
      },
    );
    const nonEmpty = batchSizes.filter((size) => size > 0);
    expect(nonEmpty.reduce((sum, size) => sum + size, 0)).toBe(ROWS);
    expect(Math.max(...nonEmpty)).toBe(BATCH_SIZE);
    expect(nonEmpty).toHaveLength(ROWS / BATCH_SIZE);
    expect(result.flushes).toBeGreaterThanOrEqual(ROWS / BATCH_SIZE);
    expect(lastKey).toBe(`SKU-${ROWS - 1}`);
    expect(result.failures).toEqual([]);
  });
});
