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
      expect(preview).toMatchObject({ format: 'tradacoms', formatSource: 'content', supported: false, records: [] });
      expect(preview.errors.map((error) => error.message)).toEqual([expect.stringContaining('so it is a TRADACOMS file; Flowmason reads X12 and EDIFACT but not TRADACOMS')]);
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

  it('hints at skipping the metadata line of a DATEV export', async () => {
    const path = realdataPath('datev-ledermann', 'EXTF_Buchungsstapel.csv');
    const preview = await previewFile(path, { limit: 3 });
    expect(preview.details).toEqual({ encoding: 'windows-1252', delimiter: ';' });
    expect(preview.hints).toEqual([
      'line 1 has 31 fields but the lines after it have 120; if line 1 is not the header (a DATEV export starts with a metadata line), skip it: --skip-lines 1 in flowmason read, skipLines 1 in csv.read',
    ]);
    expect(preview.errors[0]?.message).toBe('EXTF_Buchungsstapel.csv line 2: row has 120 fields; the header has 31');
  });

  it('reads a DATEV export after skipping its metadata line', async () => {
    const preview = await previewFile(realdataPath('datev-ledermann', 'EXTF_Stammdaten.csv'), { skipLines: 1 });
    expect(preview.hints).toEqual([]);
    expect(preview.errors).toEqual([]);
    expect(preview.records.length).toBeGreaterThan(0);
    expect(preview.records[0]).toMatchObject({ line: 3, data: { Konto: '10000', 'Vorname (Adressatentyp natürl. Person)': 'Sabine' } });
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
