/**
 * Every flow file the repository ships is valid and already in the canonical form the designer
 * and the CLI write, so saving one unchanged gives an empty git diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadFlowFile } from '../../engine/flow/load-flow.js';
import { serializeFlow } from '../../engine/flow/write-flow.js';
import { createNodeRegistry } from '../../nodes/index.js';
import { REPOSITORY_ROOT } from '../support/cli.js';

function flowFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'out' || entry.name === 'node_modules' ? [] : flowFiles(path);
    }
    return entry.name.endsWith('.flow.json') ? [path] : [];
  });
}

const files = ['samples', 'bench'].flatMap((folder) => flowFiles(join(REPOSITORY_ROOT, folder)));
const registry = createNodeRegistry();

describe('shipped flow files', () => {
  it('include the samples and the benchmark', () => {
    expect(files.map((file) => relative(REPOSITORY_ROOT, file)).sort()).toEqual([
      'bench/item-master/item-master.flow.json',
      'samples/item-onboarding/item-onboarding.flow.json',
      'samples/purchase-orders/purchase-orders.flow.json',
      'samples/supplier-catalog/supplier-catalog.flow.json',
    ]);
  });

  for (const file of files) {
    const name = relative(REPOSITORY_ROOT, file);

    it(`${name} is canonical`, () => {
      const text = readFileSync(file, 'utf8');
      expect(serializeFlow(JSON.parse(text) as never)).toBe(text);
    });

    it(`${name} loads without problems`, async () => {
      const result = await loadFlowFile(file, registry);
      expect(result.problems.map((problem) => formatProblem(problem))).toEqual([]);
    });
  }
});
