// The item rules shared by the hand-written baseline and the benchmark flow.

/** GS1 mod-10 check digit over GTIN-8, -12, -13 and -14. */
export function gtinValid(code) {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) {
    return false;
  }
  let total = 0;
  for (let index = 1; index < code.length; index++) {
    const digit = code.charCodeAt(code.length - 1 - index) - 48;
    total += digit * (index % 2 === 1 ? 3 : 1);
  }
  return (10 - (total % 10)) % 10 === code.charCodeAt(code.length - 1) - 48;
}

export const ITEM_SCHEMA = {
  type: 'object',
  required: ['sku', 'title', 'gtin', 'unit', 'weight_kg', 'price'],
  properties: {
    sku: { type: 'string', minLength: 1 },
    title: { type: 'string', minLength: 1 },
    gtin: { type: 'string', format: 'gtin' },
    unit: { enum: ['H87', 'EA', 'XBX', 'XPK', 'PR', 'KGM', 'LTR', 'XRO'] },
    weight_kg: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' },
    price: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' },
  },
};
