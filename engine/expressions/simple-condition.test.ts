import { describe, expect, it } from 'vitest';
import { compileSimpleCondition, scalarEquals, type SimpleConditionSpec } from './simple-condition.js';

const tables = new Map([['uom', new Map([['EA', 'each'], ['KGM', 'kilogram']])]]);

function test(spec: SimpleConditionSpec) {
  const compiled = compileSimpleCondition(spec, tables);
  expect(compiled.problems).toEqual([]);
  return compiled.test!;
}

describe('compileSimpleCondition', () => {
  it('tests equality on nested fields', () => {
    const isGerman = test({ field: 'address.country', equals: 'DE' });
    expect(isGerman({ address: { country: 'DE' } })).toBe(true);
    expect(isGerman({ address: { country: 'AT' } })).toBe(false);
    expect(isGerman({})).toBe(false);
  });

  it('tests membership in a list', () => {
    const isPacked = test({ field: 'uom', in: ['CT', 'PK', 'BX'] });
    expect(isPacked({ uom: 'PK' })).toBe(true);
    expect(isPacked({ uom: 'EA' })).toBe(false);
  });

  it('tests a regular expression on text and numbers', () => {
    const isPostcode = test({ field: 'zip', matches: '^[0-9]{5}$' });
    expect(isPostcode({ zip: '80331' })).toBe(true);
    expect(isPostcode({ zip: 80331 })).toBe(true);
    expect(isPostcode({ zip: '8033' })).toBe(false);
    expect(isPostcode({ zip: { code: '80331' } })).toBe(false);
  });

  it('tests membership in a code table', () => {
    const knownUnit = test({ field: 'uom', inTable: 'uom' });
    expect(knownUnit({ uom: 'EA' })).toBe(true);
    expect(knownUnit({ uom: 'PCE' })).toBe(false);
    expect(knownUnit({})).toBe(false);
  });

  it('reports a missing field, a missing operator and two operators', () => {
    expect(compileSimpleCondition({ equals: 'x' }, tables).problems).toEqual([{ field: 'field', message: 'is required with equals' }]);
    expect(compileSimpleCondition({ field: 'a' }, tables).problems).toEqual([{ field: '', message: 'needs one of equals, in, matches, inTable' }]);
    expect(compileSimpleCondition({ field: 'a', equals: 'x', in: ['y'] }, tables).problems).toEqual([
      { field: '', message: 'sets equals and in; set only one of equals, in, matches, inTable' },
    ]);
  });

  it('reports an invalid regular expression and an unknown table', () => {
    expect(compileSimpleCondition({ field: 'a', matches: '([0-9]' }, tables).problems).toEqual([
      { field: 'matches', message: 'invalid regular expression: Invalid regular expression: /([0-9]/u: Unterminated group' },
    ]);
    expect(compileSimpleCondition({ field: 'a', inTable: 'units' }, tables).problems).toEqual([
      { field: 'inTable', message: "code table 'units' is not defined; the node defines: uom" },
    ]);
  });
});

describe('scalarEquals', () => {
  it('compares numbers and booleans with their text', () => {
    expect(scalarEquals('10', 10)).toBe(true);
    expect(scalarEquals(10, '10')).toBe(true);
    expect(scalarEquals('10.0', 10)).toBe(false);
    expect(scalarEquals('true', true)).toBe(true);
  });

  it('keeps null apart from text and structures apart from scalars', () => {
    expect(scalarEquals(null, null)).toBe(true);
    expect(scalarEquals('null', null)).toBe(false);
    expect(scalarEquals(undefined, null)).toBe(false);
    expect(scalarEquals(['DE'], 'DE')).toBe(false);
  });
});
