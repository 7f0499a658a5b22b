/**
 * Casts of source values to the map node's field types, compiled once per field. A cast returns
 * the converted value, undefined to leave the field out, or a reason why the value does not fit.
 *
 * Missing and null values pass through unchanged. For the types other than string, text that is
 * empty after trimming counts as missing, because CSV files write an absent number as an empty cell.
 */
import { parseNumber, type DecimalSeparator } from '../../engine/sdk/index.js';
import type { CastType } from './map.schema.js';

export type CastResult = { value: unknown } | { problem: string };

export type Cast = (value: unknown) => CastResult;

/** Words read as booleans, after trimming and in any letter case. `x` is SAP's checkbox flag. */
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const dateProblem = 'is not a date; use YYYY-MM-DD, YYYYMMDD or DD.MM.YYYY, or an expression with $toMillis for other forms';

export function compileCast(type: CastType, decimalSeparator: DecimalSeparator = '.'): Cast {
  switch (type) {
    case 'string':
      return castToString;
    case 'number':
      return (value) => castToNumber(value, decimalSeparator, false);
    case 'integer':
      return (value) => castToNumber(value, decimalSeparator, true);
    case 'boolean':
      return castToBoolean;
    case 'date':
      return castToDate;
  }
}

function castToString(value: unknown): CastResult {
  if (value === undefined || value === null || typeof value === 'string') {
    return { value };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { value: String(value) };
  }
  return { problem: `is ${Array.isArray(value) ? 'a list' : 'an object'}, not text` };
}

function castToNumber(value: unknown, decimalSeparator: DecimalSeparator, integer: boolean): CastResult {
  if (value === undefined || value === null) {
    return { value };
  }
  if (typeof value === 'string' && value.trim() === '') {
    return { value: undefined };
  }
  const number = typeof value === 'string' || typeof value === 'number' ? parseNumber(value, decimalSeparator) : undefined;
  if (number === undefined) {
    const other: DecimalSeparator = decimalSeparator === '.' ? ',' : '.';
    const hint = typeof value === 'string' && parseNumber(value, other) !== undefined ? `; set decimalSeparator to '${other}' if the source writes numbers that way` : '';
    return { problem: `is not ${integer ? 'an integer' : 'a number'}${hint}` };
  }
  if (integer && !Number.isInteger(number)) {
    return { problem: 'is not an integer' };
  }
  if (integer && !Number.isSafeInteger(number)) {
    return { problem: 'is too large to be stored as an exact integer (more than 2^53 - 1); cast it to string' };
  }
  return { value: number };
}

function castToBoolean(value: unknown): CastResult {
  if (value === undefined || value === null || typeof value === 'boolean') {
    return { value };
  }
  if (typeof value === 'number' && (value === 0 || value === 1)) {
    return { value: value === 1 };
  }
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === '') {
      return { value: undefined };
    }
    if (TRUE_WORDS.has(word)) {
      return { value: true };
    }
    if (FALSE_WORDS.has(word)) {
      return { value: false };
    }
  }
  return { problem: 'is not a boolean; use true/false, yes/no, y/n, 1/0, on/off, or x for true' };
}

/**
 * Reads a calendar date as `YYYY-MM-DD`: ISO dates, ISO date-times (the date part as written, no
 * time zone conversion), EDI's `CCYYMMDD` and the day-first `DD.MM.YYYY`. Slash dates are
 * rejected because `03/04/2024` means March in the US and April in Europe.
 */
function castToDate(value: unknown): CastResult {
  if (value === undefined || value === null) {
    return { value };
  }
  if (typeof value !== 'string') {
    return { problem: dateProblem };
  }
  const text = value.trim();
  if (text === '') {
    return { value: undefined };
  }
  const iso = ISO_DATE.exec(text) ?? ISO_DATE_TIME.exec(text) ?? COMPACT_DATE.exec(text);
  if (iso !== null) {
    return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  }
  const dotted = DOTTED_DATE.exec(text);
  if (dotted !== null) {
    return calendarDate(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  }
  return { problem: dateProblem };
}

function calendarDate(year: number, month: number, day: number): CastResult {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { problem: 'is not a calendar date' };
  }
  return { value: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}
