import { hash } from 'node:crypto';

/**
 * Returns a stable SHA-256 (hex) of a JSON value: object keys are sorted, so the same data hashes
 * the same however it was built. Used by the ledger to tell an unchanged record from a changed one.
 */
export function contentHash(value: unknown): string {
  return hash('sha256', stableStringify(value), 'hex');
}

/**
 * JSON.stringify with object keys sorted at every depth; `undefined` members are left out, as JSON
 * does. Implemented with JSON.stringify's key-list form: given every key that occurs anywhere in
 * the value, sorted, it writes each object's members in that order. This runs in native code and
 * is several times faster than sorting and joining in JavaScript, which matters at a hash per record.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  const keys = new Set<string>();
  collectKeys(value, keys);
  return JSON.stringify(value, [...keys].sort());
}

function collectKeys(value: object, keys: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        collectKeys(item as object, keys);
      }
    }
    return;
  }
  for (const key in value) {
    keys.add(key);
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') {
      collectKeys(item, keys);
    }
  }
}
