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
  return JSON.stringify(value, sortedKeysOf(value));
}

/**
 * The keys of the last value seen, in the order met, and sorted without duplicates. Records from
 * one node usually have the same keys in the same order, so the sort is done once per shape, and
 * a value of the same shape is recognised without building its key list.
 */
let lastKeyOrder: string[] = [];
let lastSortedKeys: string[] = [];

function sortedKeysOf(value: object): string[] {
  if (matchesKeyOrder(value, 0) === lastKeyOrder.length) {
    return lastSortedKeys;
  }
  const order: string[] = [];
  collectKeys(value, order);
  lastKeyOrder = order;
  lastSortedKeys = [...new Set(order)].sort();
  return lastSortedKeys;
}

/**
 * Walks `value` as {@link collectKeys} does, comparing each key with {@link lastKeyOrder} from
 * `position` on. Returns the position after the last key, or -1 at the first difference.
 */
function matchesKeyOrder(value: object, position: number): number {
  let next = position;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        next = matchesKeyOrder(item as object, next);
        if (next < 0) {
          return -1;
        }
      }
    }
    return next;
  }
  for (const key in value) {
    if (lastKeyOrder[next] !== key) {
      return -1;
    }
    next++;
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') {
      next = matchesKeyOrder(item, next);
      if (next < 0) {
        return -1;
      }
    }
  }
  return next;
}

function collectKeys(value: object, keys: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        collectKeys(item as object, keys);
      }
    }
    return;
  }
  for (const key in value) {
    keys.push(key);
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') {
      collectKeys(item, keys);
    }
  }
}
