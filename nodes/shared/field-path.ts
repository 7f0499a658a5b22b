/**
 * Dotted field paths into record data, such as `erp.price` or `barcodes.0`, used by connector
 * configs to name where a value is read from or written to.
 */
import type { RecordData } from '../../engine/sdk/index.js';

/** Returns the value at `path`, or undefined when a step of it is missing. An empty path returns the data itself. */
export function getField(data: unknown, path: string): unknown {
  if (path === '') {
    return data;
  }
  let value: unknown = data;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/**
 * Returns a copy of `data` with `value` at `path`. Objects along the path are copied, never
 * changed, because an emitted record may be shared by two branches. Missing steps become objects.
 */
export function setField(data: RecordData, path: string, value: unknown): RecordData {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') {
    return data;
  }
  if (rest.length === 0) {
    return { ...data, [head]: value };
  }
  const current = data[head];
  const child = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as RecordData) : {};
  return { ...data, [head]: setField(child, rest.join('.'), value) };
}
