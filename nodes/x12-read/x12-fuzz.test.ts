/**
 * Mutates real X12 files (byte flips, truncations, deletions, inserted separators, line breaks and
 * envelope tags) and checks that reading never throws: every outcome is records, or errors that
 * the node sends to the error port as InputErrors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutations, mutations } from '../../test/support/edi-mutations.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { runNode } from '../../test/support/node-harness.js';
import { decodeEdiBytes } from '../edi-common/decode-text.js';
import { readX12Text } from '../x12-common/x12-reader.js';
import { x12ReadNode } from './x12-read.node.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const SAMPLES = [
  'node-x12/850.edi',
  'node-x12/856.edi',
  'staedi/x12_issue109_ts214_ellipses_segterm.edi',
  'staedi/x12_issue128_ts210_80char.edi',
  'staedi/x12_extraDelimiter997.edi',
  'edinet/x12.850.edi',
  'edinet/x12.850.issue135.edi',
  'stupidedi/004010_PR855_newline-terminator_wrapped-ISA.edi',
  'stupidedi/004010_SH856_dollar-terminator.edi',
  'ediengine/MultipleInterchangesAndGroups.edi',
];

describe.skipIf(SKIP_REALDATA)('X12 reader under mutation', () => {
  const files = SAMPLES.map((file) => readFileSync(realdataPath(...file.split('/'))));

  it('returns records or errors and never throws', () => {
    const sample = fc.nat({ max: files.length - 1 }).chain((index) => fc.tuple(fc.constant(index), mutations(files[index]!.length)));
    fc.assert(
      fc.property(sample, ([index, list]) => {
        const { text } = decodeEdiBytes(applyMutations(files[index]!, list));
        const result = readX12Text(text, { fileName: 'fuzz.x12' });

        expect(result.segmentCount).toBeLessThanOrEqual(text.length);
        for (const record of result.records) {
          expect(Array.isArray(record.data.segments)).toBe(true);
          expect(record.errors.every((error) => error.severity === 'error' && typeof error.message === 'string')).toBe(true);
        }
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });

  it('node sends every problem as an InputError', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-fuzz-'));
    const original = readFileSync(join(FIXTURES, 'po-850.x12'));
    const cases = fc.sample(mutations(original.length), { numRuns: 40, seed: 7 });
    for (const [index, list] of cases.entries()) {
      const name = `case-${index}.x12`;
      writeFileSync(join(folder, name), applyMutations(original, list));
      const result = await runNode(x12ReadNode, { path: name }, { baseDir: folder });

      expect(result.failures.every((failure) => failure.kind === 'input'), name).toBe(true);
    }
  });
});
