import { describe, expect, it } from 'vitest';
import { createAjv } from '../json-schema.js';
import { addFlowmasonFormats, FLOWMASON_FORMATS } from './schema-formats.js';

const ajv = addFlowmasonFormats(createAjv());
const validate = ajv.compile({
  type: 'object',
  properties: {
    gtin: { type: ['string', 'number'], format: 'gtin' },
    gln: { type: 'string', format: 'gln' },
    sscc: { type: 'string', format: 'sscc' },
    name: { type: 'string', format: 'nfc' },
  },
});

describe('Flowmason schema formats', () => {
  it('accept valid values', () => {
    expect(validate({ gtin: '4006381333931', gln: '4012345000009', sscc: '006141410000000005', name: 'Grüntee' })).toBe(true);
  });

  it('reject a GTIN with a wrong check digit', () => {
    expect(validate({ gtin: '0123456789013' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/gtin', keyword: 'format', params: { format: 'gtin' } });
  });

  it('leave numbers to the type keyword', () => {
    expect(validate({ gtin: 123 })).toBe(true);
  });

  it('reject decomposed text for nfc', () => {
    expect(validate({ name: 'Gru\u0308ntee' })).toBe(false);
  });

  it('describe failing values', () => {
    expect(FLOWMASON_FORMATS.gtin!.describe('0123456789013')).toBe('fails the GTIN check digit');
    expect(FLOWMASON_FORMATS.gln!.describe('4012345000008')).toBe('fails the GLN check digit');
    expect(FLOWMASON_FORMATS.gln!.describe('40123')).toBe('is not a GLN: it must be 13 digits');
    expect(FLOWMASON_FORMATS.sscc!.describe('0061414100000000')).toBe('is not an SSCC: it must be 18 digits');
  });
});
