/** Where the crash trials find the built CLI. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FLOWMASON_BIN = join(REPOSITORY_ROOT, 'bin', 'flowmason.js');
