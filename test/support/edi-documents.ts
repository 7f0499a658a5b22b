/**
 * Helpers for tests of readable EDI documents.
 */

/**
 * Returns a copy of `value` without the `sourceLine` of loop items. Tests use it to compare a
 * document's content rather than where it sat in the file, or a document with one read back
 * from a file written with other line breaks.
 */
export function withoutSourceLines<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => withoutSourceLines(item)) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([name]) => name !== 'sourceLine').map(([name, item]) => [name, withoutSourceLines(item)])) as T;
  }
  return value;
}
