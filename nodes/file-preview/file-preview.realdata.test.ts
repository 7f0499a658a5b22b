/**
 * previewFile on every public sample file, read in place (see test/support/realdata.ts): each
 * file gives records or errors that name the file, and none makes the preview throw.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REALDATA_DIR, realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { previewFile } from './preview-file.js';

function listFiles(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

describe.skipIf(SKIP_REALDATA)('previewFile on every public sample file', () => {
  const files = SKIP_REALDATA ? [] : listFiles(realdataPath());

  it('finds the sample files', () => {
    expect(files.length).toBeGreaterThan(70);
  });

  it.each(files.map((path) => [relative(REALDATA_DIR, path), path]))('previews %s', async (_name, path) => {
    const preview = await previewFile(path, { limit: 1000 });
    expect(preview.records.length + preview.errors.length).toBeGreaterThan(0);
    for (const error of preview.errors) {
      expect(error.message).toContain(basename(path));
    }
    if (basename(path).toLowerCase().includes('tradacoms')) {
      expect(preview.records).toEqual([]);
      expect(preview.errors.map((error) => error.message)).toEqual([expect.stringContaining('so it is a TRADACOMS file; Flowmason reads EDIFACT and X12 but not TRADACOMS')]);
    }
  });

  it('detects the format of each kind of sample', async () => {
    const formats = await Promise.all(
      ['edinet/x12.832.edi', 'staedi/EDIFACT_invoic_d97b_una.edi', 'csvkit-edge-cases/test_utf16_little.csv', 'uom/unece_rec20_active_units.csv'].map(
        async (name) => (await previewFile(realdataPath(name), { limit: 1 })).format,
      ),
    );
    expect(formats).toEqual(['x12', 'edifact', 'csv', 'csv']);
  });

  it('reads the unusual separators of the sample files', async () => {
    const pipe = await previewFile(realdataPath('stupidedi', '004010_IN810_pipe-separator.edi'));
    expect(pipe.details.separators).toEqual({ element: '|', component: '>', repetition: '', segment: '~' });
    const ellipsis = await previewFile(realdataPath('staedi', 'x12_issue109_ts214_ellipses_segterm.edi'));
    expect(ellipsis.details.separators?.segment).toBe('…');
    const una = await previewFile(realdataPath('staedi', 'EDIFACT_invoic_d97b_una.edi'));
    expect(una.details.separators).toMatchObject({ component: '=', element: '*', segment: '~' });
  });
});
