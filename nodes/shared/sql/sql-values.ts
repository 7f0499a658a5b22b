/**
 * Conversions between record values and SQL values. Records hold JSON; drivers take and return
 * a few more types (Buffer, Date, bigint), so values are converted on the way in and out.
 */
import type { SqlDriver } from './sql-database.js';

/**
 * Converts a record value for binding. Objects and arrays are bound as JSON text (PostgreSQL
 * would otherwise read a JS array as an SQL array), and SQLite, which has no boolean type, gets
 * booleans as 1 and 0.
 */
export function toSqlValue(value: unknown, driver: SqlDriver): unknown {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value === 'boolean' && driver === 'sqlite') {
    return value ? 1 : 0;
  }
  if (typeof value === 'object' && !Buffer.isBuffer(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/** Converts a result row to JSON values: bytes become base64 text, dates ISO text, big integers numbers when exact, else text. */
export function toRecordValues(row: Record<string, unknown>): Record<string, unknown> {
  const converted: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    converted[column] = toRecordValue(value);
  }
  return converted;
}

function toRecordValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  return value;
}
