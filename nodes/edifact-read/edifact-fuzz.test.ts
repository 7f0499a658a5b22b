/**
 * Mutates real EDIFACT files (byte flips, truncations, deletions, inserted separators, release
 * characters, line breaks and envelope tags) and checks that reading never throws.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutations, mutations } from '../../test/support/edi-mutations.js';
import { runNode } from '../../test/support/node-harness.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { decodeEdiBytes } from '../edi-common/decode-text.js';
import { readEdifactText } from '../edifact-common/edifact-reader.js';
import { edifactReadNode } from './edifact-read.node.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

const SAMPLES = [
  'staedi/EDIFACT_invoic_d93a_una.edi',
  'staedi/EDIFACT_issue128_wrapped_invoic_d97b_una.edi',
  'staedi/EDIFACT_orders-with-group.edi',
  'edinet/edifact.D01B.IFCSUM.NewLines.EDI',
  'edinet/edifact.Issue188.edi',
  'edinet/edifact.Issue203.edi',
  'edinet/edifact.ORDRSP.edi',
  'edinet/edifact.Paiement.Issue139.EDI',
];

describe.skipIf(SKIP_REALDATA)('EDIFACT reader under mutation', () => {
  const files = SAMPLES.map((file) => readFileSync(realdataPath(...file.split('/'))));

  it('returns records or errors and never throws', () => {
    const sample = fc.nat({ max: files.length - 1 }).chain((index) => fc.tuple(fc.constant(index), mutations(files[index]!.length)));
    fc.assert(
      fc.property(sample, ([index, list]) => {
        const { text } = decodeEdiBytes(applyMutations(files[index]!, list));
        const result = readEdifactText(text, { fileName: 'fuzz.edi' });

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
    const folder = mkdtempSync(join(tmpdir(), 'edifact-fuzz-'));
    const original = readFileSync(join(FIXTURES, 'orders.edi'));
    const cases = fc.sample(mutations(original.length), { numRuns: 40, seed: 7 });
    for (const [index, list] of cases.entries()) {
      const name = `case-${index}.edi`;
      writeFileSync(join(folder, name), applyMutations(original, list));
      const result = await runNode(edifactReadNode, { path: name }, { baseDir: folder });

      expect(result.failures.every((failure) => failure.kind === 'input'), name).toBe(true);
    }
  });
});
