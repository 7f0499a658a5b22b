/**
 * Locates the public sample files that tests read in place. They live beside the checkout in
 * `../shared/realdata` and are never copied into the repository. When the folder is missing the
 * tests that need it fail with a message saying so, rather than passing without having run.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the public sample files: `FLOWMASON_REALDATA`, else `../shared/realdata` beside the checkout. */
export const REALDATA_DIR = process.env.FLOWMASON_REALDATA ?? resolve(repositoryRoot, '..', 'shared', 'realdata');

/** True when the user asked to skip tests that need the public sample files. */
export const SKIP_REALDATA = process.env.FLOWMASON_SKIP_REALDATA === '1';

/**
 * Returns the absolute path of a file under the public sample folder. Throws a message that names
 * the missing folder and the two ways out when it is absent.
 */
export function realdataPath(...segments: string[]): string {
  if (!existsSync(REALDATA_DIR)) {
    throw new Error(
      `public sample files not found at ${REALDATA_DIR}. These tests read them in place (CI keeps them in ../shared/realdata beside the checkout). ` +
        'Set FLOWMASON_REALDATA to their folder, or FLOWMASON_SKIP_REALDATA=1 to skip these tests.',
    );
  }
  return join(REALDATA_DIR, ...segments);
}
