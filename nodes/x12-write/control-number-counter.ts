/**
 * Keeps the next interchange, group and set control numbers in a small JSON file, so numbers keep
 * increasing across runs as trading partners expect.
 */
import { readFile } from 'node:fs/promises';
import { AtomicFileWriter, InputError } from '../../engine/sdk/index.js';
import type { ControlNumberStart } from '../x12-common/x12-interchange-writer.js';

/** Reads the counter file; a missing file gives `start` for every counter. */
export async function readControlNumbers(path: string | undefined, start: number): Promise<ControlNumberStart> {
  const fallback = { interchange: start, group: start, set: start };
  if (path === undefined) {
    return fallback;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return fallback;
    }
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`control number file '${path}' is not valid JSON; fix or delete it`, { file: path, field: 'controlNumbers.counterFile' }, { cause: error });
  }
  const counters = parsed as Partial<Record<keyof ControlNumberStart, unknown>>;
  const read = (name: keyof ControlNumberStart): number => {
    const value = counters[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 999_999_999) {
      throw new InputError(`control number file '${path}' has an invalid '${name}': expected a whole number from 1 to 999999999`, { file: path, field: 'controlNumbers.counterFile' });
    }
    return value;
  };
  return { interchange: read('interchange'), group: read('group'), set: read('set') };
}

/** Stores the next control numbers, replacing the file atomically. */
export async function writeControlNumbers(path: string, next: ControlNumberStart): Promise<void> {
  const writer = new AtomicFileWriter(path);
  await writer.write(`${JSON.stringify(next, null, 2)}\n`);
  await writer.commit();
}
