/**
 * Flowmason's reviewed functions, registered on every compiled expression. Each wraps a plain
 * function from this folder; engine/expressions/README.md documents them for flow authors.
 *
 * The JSONata signatures (`<j-:b>` and so on) let an absent argument through as undefined and
 * reject wrong types with JSONata's own T0410 error. A `-` in a signature makes the context value
 * stand in for a left-out argument, so `gtin.$gtinValid()` works like `$gtinValid(gtin)`.
 */
import type jsonata from 'jsonata';
import { InputError } from '../errors.js';
import type { CodeTables } from '../sdk/node-kind.js';
import { isInCodeTable, lookupCode } from './code-tables.js';
import { gs1CheckDigit, isValidGtin, normalizeGtin } from './gs1.js';
import { cleanText, parseNumber, toNfc } from './text.js';
import { convertUnit } from './units.js';

/** Names of the functions this library adds, without the `$`. */
export const FLOWMASON_FUNCTION_NAMES = ['gtinValid', 'gtinNormalize', 'gs1CheckDigit', 'uomConvert', 'lookup', 'inTable', 'clean', 'nfc', 'toNumber'] as const;

/** Registers the library on one expression; `$lookup` and `$inTable` read `tables`. */
export function registerFunctionLibrary(expression: jsonata.Expression, tables: CodeTables): void {
  expression.registerFunction('gtinValid', (code: unknown) => isValidGtin(code), '<j-:b>');
  expression.registerFunction('gtinNormalize', (code: unknown) => normalizeGtin(code), '<j-:s>');
  expression.registerFunction('gs1CheckDigit', (digits: string | undefined) => (digits === undefined ? undefined : gs1CheckDigit(digits)), '<s-:n>');
  expression.registerFunction(
    'uomConvert',
    (value: number | undefined, from: string | undefined, to: string | undefined) => {
      if (value === undefined) {
        return undefined;
      }
      if (from === undefined || to === undefined) {
        throw new InputError(`$uomConvert needs both unit codes; got from ${String(from)} and to ${String(to)}`);
      }
      return convertUnit(value, from, to);
    },
    '<nss:n>',
  );
  expression.registerFunction('lookup', (table: unknown, code: unknown) => lookup(tables, table, code));
  expression.registerFunction('inTable', (table: string, code: unknown) => isInCodeTable(tables, table, code), '<sj:b>');
  expression.registerFunction('clean', (text: string | undefined) => (text === undefined ? undefined : cleanText(text)), '<s-:s>');
  expression.registerFunction('nfc', (text: string | undefined) => (text === undefined ? undefined : toNfc(text)), '<s-:s>');
  expression.registerFunction(
    'toNumber',
    (text: string | number | undefined, decimalSeparator: string | undefined) => {
      if (decimalSeparator !== undefined && decimalSeparator !== '.' && decimalSeparator !== ',') {
        throw new InputError(`$toNumber: decimal separator must be '.' or ','; got '${decimalSeparator}'`);
      }
      return parseNumber(text, decimalSeparator);
    },
    '<(sn)-s?:n>',
  );
}

/**
 * `$lookup(table, code)` with a table name reads a code table. JSONata's own
 * `$lookup(object, key)` keeps working: with an object or an array of objects first, it returns
 * the key's value from each, as JSONata 2 does.
 */
function lookup(tables: CodeTables, table: unknown, code: unknown): unknown {
  if (typeof table === 'string') {
    return lookupCode(tables, table, code);
  }
  if (typeof code !== 'string') {
    return undefined;
  }
  return lookupKey(table, code);
}

function lookupKey(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const values = input.map((item) => lookupKey(item, key)).flat().filter((value) => value !== undefined);
    if (values.length === 0) {
      return undefined;
    }
    return values.length === 1 ? values[0] : values;
  }
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, key)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}
