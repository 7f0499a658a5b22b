import { describe, expect, it } from 'vitest';
import { compileFieldReader, describeInvalidFieldPath, RecordDataWriter, splitFieldPath } from './field-path.js';

describe('compileFieldReader', () => {
  const data = {
    sku: '10-4471',
    dimensions: { weight: { net: 1.5 }, unit: 'KGM' },
    lines: [{ gtin: '4006381333931' }, { gtin: '96385074' }],
    'Gew. netto': '1,5',
    empty: null,
  };

  it('reads top-level and nested fields', () => {
    expect(compileFieldReader('sku')(data)).toBe('10-4471');
    expect(compileFieldReader('dimensions.weight.net')(data)).toBe(1.5);
  });

  it('reads array elements by index', () => {
    expect(compileFieldReader('lines.1.gtin')(data)).toBe('96385074');
    expect(compileFieldReader('lines.2.gtin')(data)).toBeUndefined();
    expect(compileFieldReader('lines.01.gtin')(data)).toBeUndefined();
  });

  it('returns undefined for missing steps and steps through scalars', () => {
    expect(compileFieldReader('missing.field')(data)).toBeUndefined();
    expect(compileFieldReader('sku.length')(data)).toBeUndefined();
    expect(compileFieldReader('empty.value')(data)).toBeUndefined();
    expect(compileFieldReader('empty')(data)).toBeNull();
  });

  it('reads a key that contains a dot as that key', () => {
    expect(compileFieldReader('Gew. netto')(data)).toBe('1,5');
  });

  it('ignores inherited properties', () => {
    expect(compileFieldReader('constructor')(data)).toBeUndefined();
    expect(compileFieldReader('sku.constructor')(data)).toBeUndefined();
    expect(compileFieldReader('lines.length')(data)).toBeUndefined();
  });
});

describe('describeInvalidFieldPath', () => {
  it('accepts ordinary paths', () => {
    expect(describeInvalidFieldPath('a.b.c')).toBeUndefined();
    expect(describeInvalidFieldPath('Net Weight (kg)')).toBeUndefined();
  });

  it('rejects empty segments and prototype names', () => {
    expect(describeInvalidFieldPath('a..b')).toBe("'a..b' is not a field path: segments between dots must not be empty");
    expect(describeInvalidFieldPath('')).toBe("'' is not a field path: segments between dots must not be empty");
    expect(describeInvalidFieldPath('a.__proto__.b')).toBe("'a.__proto__.b' is not a field path: '__proto__' is not allowed as a field name");
  });
});

describe('RecordDataWriter', () => {
  it('creates nested objects', () => {
    const writer = new RecordDataWriter();
    writer.set(splitFieldPath('item.weight.net'), 1.5);
    writer.set(splitFieldPath('item.weight.unit'), 'KGM');
    writer.set(['sku'], 'A1');
    expect(writer.root).toEqual({ item: { weight: { net: 1.5, unit: 'KGM' } }, sku: 'A1' });
  });

  it('copies input objects before writing into them', () => {
    const input = { sku: 'A1', weight: { net: 1.5 } };
    const writer = new RecordDataWriter(input);
    writer.set(splitFieldPath('weight.unit'), 'KGM');
    expect(writer.root).toEqual({ sku: 'A1', weight: { net: 1.5, unit: 'KGM' } });
    expect(input).toEqual({ sku: 'A1', weight: { net: 1.5 } });
  });

  it('replaces a null step with an object', () => {
    const writer = new RecordDataWriter({ weight: null });
    expect(writer.set(splitFieldPath('weight.net'), 2)).toBeUndefined();
    expect(writer.root).toEqual({ weight: { net: 2 } });
  });

  it('reports a scalar or array step', () => {
    const writer = new RecordDataWriter({ weight: 12, lines: [] });
    expect(writer.set(splitFieldPath('weight.net'), 2)).toBe('weight');
    expect(writer.set(splitFieldPath('lines.0.sku'), 'x')).toBe('lines');
    expect(writer.root).toEqual({ weight: 12, lines: [] });
  });
});
