import fc from 'fast-check';
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

/** Returns a copy with each object's keys sorted: the plain definition of the stable text. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => sortedCopy(item));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedCopy((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

describe('stableStringify of shapes met before', () => {
  it('writes what sorting and JSON.stringify write, for any JSON-like value after any other', () => {
    const value = fc.letrec((tie) => ({
      member: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, 0, -1.5, '', 'x', 'é"\\'),
        fc.date({ noInvalidDate: true }),
        tie('object'),
        fc.array(tie('member'), { maxLength: 3 }),
      ),
      object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'z', '__proto__x', 'k"1', ''), tie('member'), { maxKeys: 4 }),
    })).object;
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), (values) => {
        for (const item of values) {
          expect(stableStringify(item)).toBe(JSON.stringify(sortedCopy(item)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('tells an object from an array of objects', () => {
    expect(stableStringify({ p: { b: 1, a: 2 }, q: 1 })).toBe('{"p":{"a":2,"b":1},"q":1}');
    expect(stableStringify({ p: [{ b: 1, a: 2 }], q: 1 })).toBe('{"p":[{"a":2,"b":1}],"q":1}');
    expect(stableStringify({ p: [{ b: 1 }, { a: 2 }], q: 1 })).toBe('{"p":[{"b":1},{"a":2}],"q":1}');
  });

  it('handles undefined members and Dates', () => {
    expect(stableStringify({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(stableStringify({ b: undefined, a: 2 })).toBe('{"a":2}');
    expect(stableStringify({ b: undefined, a: undefined })).toBe('{}');
    expect(stableStringify({ b: new Date(0), a: {} })).toBe('{"a":{},"b":"1970-01-01T00:00:00.000Z"}');
  });
});
