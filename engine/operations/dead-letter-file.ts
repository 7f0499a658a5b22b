/**
 * Dead letters as a JSON Lines file for editing: `flowmason dead-letters --export` writes one
 * object per line (`id`, `node`, `key`, `origin`, `error`, `data`), a person fixes `data`, and
 * `flowmason replay --edited` reads it back. The id links each line to its dead letter; the
 * other fields are there to read and are not taken back, except `data`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { RecordOrigin } from '../records.js';
import type { DeadLetter } from '../store/run-store.js';

export interface ExportedDeadLetter {
  id: number;
  node: string;
  key: string | null;
  origin: RecordOrigin;
  error: string;
  data: Record<string, unknown>;
}

/** One line read back from an edited file. */
export interface EditedDeadLetter {
  id: number;
  data: Record<string, unknown>;
  /** 1-based line in the file, for messages. */
  line: number;
}

export function toExported(letter: DeadLetter): ExportedDeadLetter {
  return { id: letter.id, node: letter.nodeId, key: letter.recordKey, origin: letter.origin, error: letter.errorMessage, data: letter.record.data };
}

/** Writes dead letters to `path` as JSON Lines, replacing the file. */
export async function writeDeadLetterFile(path: string, letters: readonly DeadLetter[]): Promise<void> {
  await writeFile(path, letters.map((letter) => `${JSON.stringify(toExported(letter))}\n`).join(''), 'utf8');
}

/** Reads an edited export; throws an InputError naming the file and line of the first malformed entry. */
export async function readEditedDeadLetters(path: string): Promise<EditedDeadLetter[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`edited dead letter file ${path} cannot be read: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  const name = basename(path);
  const entries: EditedDeadLetter[] = [];
  const seen = new Map<number, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new InputError(`${name} line ${line}: not valid JSON: ${(error as Error).message}`, { file: path, line });
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError(`${name} line ${line}: must be a JSON object with id and data`, { file: path, line });
    }
    const { id, data } = parsed as { id?: unknown; data?: unknown };
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) {
      throw new InputError(`${name} line ${line}: field 'id' must be the positive whole number of a dead letter; got ${JSON.stringify(id)}`, { file: path, line, field: 'id' });
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new InputError(`${name} line ${line}: field 'data' must be a JSON object; got ${JSON.stringify(data)}`, { file: path, line, field: 'data' });
    }
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      throw new InputError(`${name} line ${line}: dead letter ${id} appears again; it is already on line ${earlier}`, { file: path, line, field: 'id' });
    }
    seen.set(id, line);
    entries.push({ id, data: data as Record<string, unknown>, line });
  });
  return entries;
}
