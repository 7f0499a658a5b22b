import { describe, expect, it } from 'vitest';
import { changedFields, fieldText, parseFieldText, summaryLine } from './field-edits.js';

describe('approval field edits', () => {
  it('shows text as it is and other values as JSON', () => {
    expect(fieldText('3')).toBe('3');
    expect(fieldText({ class: '3', unNumber: 'UN1993' })).toBe('{"class":"3","unNumber":"UN1993"}');
    expect(fieldText(undefined)).toBe('');
  });

  it('reads text back in the type the field had', () => {
    expect(parseFieldText('code', '0042', '0043')).toBe('0043');
    expect(parseFieldText('hazard', { class: '3' }, '{"class": "8"}')).toEqual({ class: '8' });
    expect(() => parseFieldText('weight', 1.5, 'heavy')).toThrow("field 'weight' held 1.5; type a JSON value such as 1.5 or null");
  });

  it('returns only the fields that changed', () => {
    const data = { sku: 'A1', hazard: { class: '3' } };
    expect(changedFields(data, { hazard: '{"class":"3"}' })).toEqual({});
    expect(changedFields(data, { hazard: 'null' })).toEqual({ hazard: null });
  });
});

describe('summaryLine', () => {
  it('joins the values at dotted paths and leaves out empty ones', () => {
    const data = { title: 'Drain cleaner', hazard: { class: '8', unNumber: 'UN1823' }, vendor: '' };
    expect(summaryLine(data, ['title', 'hazard.class', 'hazard.unNumber', 'vendor', 'missing.path'])).toBe('title: Drain cleaner · class: 8 · unNumber: UN1823');
  });
});
