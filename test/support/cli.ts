/**
 * Runs the built `flowmason` command in a child process, as a user would. The tests that use it
 * need `npm run build` first; `npm test` does that.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = resolve(REPOSITORY_ROOT, 'bin', 'flowmason.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!existsSync(resolve(REPOSITORY_ROOT, 'dist', 'engine', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the CLI tests (npm test does)');
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    env: { ...process.env, FLOWMASON_LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
