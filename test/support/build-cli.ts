/**
 * Vitest global setup: compiles the engine to dist/ before any test runs, so tests that spawn
 * `bin/flowmason.js` run the code as it is now. The build is incremental and takes a few seconds
 * when nothing changed.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default function buildCli(): void {
  const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(repositoryRoot, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed, so CLI tests cannot run:\n${result.stdout}${result.stderr}`);
  }
}
