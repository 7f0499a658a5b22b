/**
 * Dotted field paths into record data and responses, such as `erp.price` or `items.0`, read and
 * written with the engine's field-path rules so that every node names fields the same way.
 */
import { compileFieldReader, InputError, RecordDataWriter, splitFieldPath, type RecordData } from '../../engine/sdk/index.js';

/** Returns the value at `path`, or undefined when a step of it is missing. An empty path returns the value itself. */
export function getField(value: unknown, path: string): unknown {
  if (path === '') {
    return value;
  }
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  return compileFieldReader(path)(value as RecordData);
}

/**
 * Returns a copy of `data` with `value` at `path`. Objects along the path are copied, never
 * changed, because an emitted record may be shared by two branches. Throws an InputError when a
 * step of the path contains a value other than an object.
 */
export function setField(data: RecordData, path: string, value: unknown): RecordData {
  const writer = new RecordDataWriter(data);
  const blocked = writer.set(splitFieldPath(path), value);
  if (blocked !== undefined) {
    throw new InputError(`field '${path}' cannot be written because '${blocked}' is not an object`, { field: path });
  }
  return writer.root;
}
