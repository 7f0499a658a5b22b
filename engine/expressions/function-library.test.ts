import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import type { CodeTables } from '../sdk/node-kind.js';
import { createExpressionCompiler } from './expression-compiler.js';

const compiler = createExpressionCompiler({ params: {} });
const codeTables: CodeTables = new Map([
  ['uom', new Map([['EA', 'each'], ['KGM', 'kilogram'], ['10', 'ten']])],
  ['status', new Map([['A', 'active']])],
]);

function recordOf(data: Record<string, unknown>): FlowRecord {
  return { key: null, origin: { node: 'test', index: 0 }, data };
}

async function evaluate(source: string, data: Record<string, unknown> = {}): Promise<unknown> {
  return compiler.compile(source, { codeTables }).evaluate(recordOf(data));
}

describe('$gtinValid and $gtinNormalize', () => {
  it('check GTIN-8, -12, -13 and -14', async () => {
    expect(await evaluate('[$gtinValid("96385074"), $gtinValid("036000291452"), $gtinValid("4006381333931"), $gtinValid("10012345678902")]')).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('answer false for bad codes and missing fields instead of failing', async () => {
    expect(await evaluate('[$gtinValid("4006381333932"), $gtinValid(" 4006381333931"), $gtinValid(gtin), $gtinValid({"a": 1})]')).toEqual([false, false, false, false]);
  });

  it('use the context value when called without an argument', async () => {
    expect(await evaluate('gtin.$gtinValid()', { gtin: '4006381333931' })).toBe(true);
    expect(await evaluate('gtin.$gtinNormalize()', { gtin: '036000291452' })).toBe('00036000291452');
  });

  it('normalise to undefined for invalid codes', async () => {
    expect(await evaluate('$gtinNormalize(gtin)', { gtin: '036000291453' })).toBeUndefined();
  });

  it('compute a check digit', async () => {
    expect(await evaluate('$gs1CheckDigit("629104150021")')).toBe(3);
    expect(await evaluate('$gs1CheckDigit("62910415002X")')).toBeUndefined();
  });
});

describe('$uomConvert', () => {
  it('converts between units of one dimension', async () => {
    expect(await evaluate('$uomConvert(weight, uom, "KGM")', { weight: 500, uom: 'GRM' })).toBe(0.5);
    expect(await evaluate('$uomConvert(2, "DZN", "EA")')).toBe(24);
  });

  it('returns undefined for a missing value', async () => {
    expect(await evaluate('$uomConvert(weight, "GRM", "KGM")')).toBeUndefined();
  });

  it('fails the record for an unknown unit', async () => {
    await expect(evaluate('$uomConvert(1, uom, "KGM")', { uom: 'KG' })).rejects.toThrow(/failed at column 12: unknown unit code 'KG'/);
  });

  it('fails the record for a missing unit code', async () => {
    await expect(evaluate('$uomConvert(1, uom, "KGM")')).rejects.toThrow(/\$uomConvert needs both unit codes; got from undefined and to KGM$/);
  });

  it('rejects text values through its signature', async () => {
    await expect(evaluate('$uomConvert("1,5", "KGM", "GRM")')).rejects.toThrow(/Argument 1 of function "uomConvert" does not match function signature/);
  });
});

describe('$lookup and $inTable', () => {
  it('read the node code tables', async () => {
    expect(await evaluate('$lookup("uom", uom)', { uom: 'EA' })).toBe('each');
    expect(await evaluate('$lookup("uom", uom)', { uom: 'PCE' })).toBeUndefined();
    expect(await evaluate('$lookup("uom", 10)')).toBe('ten');
    expect(await evaluate('[$inTable("uom", "KGM"), $inTable("uom", "kgm"), $inTable("uom", missing)]')).toEqual([true, false, false]);
  });

  it('keep JSONata object lookup', async () => {
    expect(await evaluate('$lookup(dims, "w")', { dims: { w: 3 } })).toBe(3);
    expect(await evaluate('$lookup(lines, "sku")', { lines: [{ sku: 'a' }, { sku: 'b' }, {}] })).toEqual(['a', 'b']);
  });

  it('fail the record for a table named at run time that does not exist', async () => {
    await expect(evaluate('$lookup(table, "EA")', { table: 'units' })).rejects.toThrow(InputError);
    await expect(evaluate('$lookup(table, "EA")', { table: 'units' })).rejects.toThrow(/code table 'units' is not defined; the node defines: uom, status$/);
  });
});

describe('$clean, $nfc and $toNumber', () => {
  it('normalise text', async () => {
    expect(await evaluate('$clean(name)', { name: '  Gru\u0308ner   Tee\t' })).toBe('Grüner Tee');
    expect(await evaluate('$nfc(name) = "Grüner"', { name: 'Gru\u0308ner' })).toBe(true);
    expect(await evaluate('name = "Grüner"', { name: 'Gru\u0308ner' })).toBe(false);
    expect(await evaluate('$clean(missing)')).toBeUndefined();
  });

  it('parse numbers with either decimal separator', async () => {
    expect(await evaluate('$toNumber(price, ",")', { price: '1.234,56' })).toBe(1234.56);
    expect(await evaluate('$toNumber(price)', { price: '1,234.56' })).toBe(1234.56);
    expect(await evaluate('$toNumber(price, ",")', { price: '12,x' })).toBeUndefined();
    expect(await evaluate('$toNumber(price)', { price: 7 })).toBe(7);
    expect(await evaluate('price.$toNumber()', { price: '3.5' })).toBe(3.5);
  });

  it('reject an unknown decimal separator', async () => {
    await expect(evaluate('$toNumber("1", ";")')).rejects.toThrow(/decimal separator must be '\.' or ','; got ';'$/);
  });
});
