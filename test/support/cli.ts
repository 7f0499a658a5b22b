/**
 * Runs the built `flowmason` command in a child process, as a user would, and makes its output
 * comparable across machines and runs.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FLOWMASON_BIN = join(REPOSITORY_ROOT, 'bin', 'flowmason.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `flowmason ...args` in `cwd` with a clean Flowmason environment; each call is a new process. */
export function runCli(args: readonly string[], cwd: string, environment: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [FLOWMASON_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: cwd, FLOWMASON_HOME: join(cwd, '.flowmason'), FLOWMASON_USER: 'tester', ...environment },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Replaces what differs between runs: the temporary folder becomes `<dir>`, durations `<time>`,
 * timestamps `<timestamp>`, content hashes `<hash>`; runs of two or more spaces become two, so
 * tables compare whatever the width of those values.
 */
export function normalizeOutput(text: string, folder: string): string {
  return text
    .split(folder)
    .join('<dir>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/g, '<timestamp>')
    .replace(/\b\d+(\.\d+)? (ms|s)\b|\b\d+ min \d+ s\b/g, '<time>')
    .replace(/\b[0-9a-f]{64}\b/g, '<hash>')
    .replace(/(version|sha256)( +)[0-9a-f]{12}\b/g, '$1$2<hash>')
    .replace(/ {2,}/g, '  ');
}
