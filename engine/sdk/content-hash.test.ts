import { describe, expect, it } from 'vitest';
import { contentHash, stableStringify } from './content-hash.js';

describe('stableStringify', () => {
  it('sorts keys at every depth', () => {
    expect(stableStringify({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined members and keeps array holes as null', () => {
    expect(stableStringify({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('writes scalars as JSON does', () => {
    expect(stableStringify('x')).toBe('"x"');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify([3, 'a'])).toBe('[3,"a"]');
  });
});

describe('contentHash', () => {
  it('is the same for the same data built in another order', () => {
    expect(contentHash({ sku: 'A', price: { amount: 1, currency: 'EUR' } })).toBe(contentHash({ price: { currency: 'EUR', amount: 1 }, sku: 'A' }));
  });

  it('differs when a nested value changes', () => {
    expect(contentHash({ price: { amount: 1 } })).not.toBe(contentHash({ price: { amount: 2 } }));
  });

  it('is the SHA-256 of the stable text', () => {
    expect(contentHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
  });
});

describe('stableStringify across shapes', () => {
  it('sorts each shape correctly when shapes alternate', () => {
    expect(stableStringify({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(stableStringify({ z: { y: 1, x: 2 }, c: 3 })).toBe('{"c":3,"z":{"x":2,"y":1}}');
    expect(stableStringify({ b: 3, a: 4 })).toBe('{"a":4,"b":3}');
    expect(stableStringify({ b: 3, a: 4, extra: true })).toBe('{"a":4,"b":3,"extra":true}');
  });
});

describe('stableStringify key order cache', () => {
  it('notices a shape with the same keys in another nesting', () => {
    expect(stableStringify({ a: { b: 1 }, c: 2 })).toBe('{"a":{"b":1},"c":2}');
    expect(stableStringify({ a: 1, b: { c: 2 } })).toBe('{"a":1,"b":{"c":2}}');
    expect(stableStringify({ a: [{ b: 1 }], c: 2 })).toBe('{"a":[{"b":1}],"c":2}');
    expect(stableStringify({ a: [{ b: 1 }, { d: 3 }], c: 2 })).toBe('{"a":[{"b":1},{"d":3}],"c":2}');
  });
});
