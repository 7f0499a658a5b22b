/**
 * Formats records as CSV lines with RFC 4180 quoting. A field that contains the delimiter, a
 * quote, CR or LF is quoted, with quotes inside doubled. Strings are written as they are, numbers
 * and booleans as their JSON text, null and missing fields as empty, objects and arrays as JSON.
 */
import type { RecordData } from '../../engine/sdk/index.js';

export class CsvLineFormat {
  private readonly needsQuotes: RegExp;

  constructor(private readonly delimiter: string) {
    this.needsQuotes = new RegExp(`["\\r\\n${delimiter === '\t' ? '\\t' : escapeForCharacterClass(delimiter)}]`);
  }

  /** Returns one line, without the line ending, with the values of `fields` in order. */
  formatRecord(data: RecordData, fields: readonly string[]): string {
    let line = '';
    for (let index = 0; index < fields.length; index++) {
      if (index > 0) {
        line += this.delimiter;
      }
      line += this.quote(formatValue(data[fields[index] as string]));
    }
    return line;
  }

  /** Returns one line holding `values` as they are. */
  formatTexts(values: readonly string[]): string {
    return values.map((value) => this.quote(value)).join(this.delimiter);
  }

  private quote(text: string): string {
    return this.needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
}

/** Returns the text a value is written as. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  // Objects and arrays; anything else that is not JSON data (a function) is written as empty.
  return JSON.stringify(value) ?? '';
}

function escapeForCharacterClass(character: string): string {
  return character.replace(/[\\\]^-]/g, '\\$&');
}
