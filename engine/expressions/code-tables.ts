/**
 * Code tables: named maps from a code to a value (unit code to unit name, ERP status to shop
 * status). A node brings its tables in its config, either inline or as a CSV file with a key
 * column and a value column, and `$lookup`, `$inTable` and the map node's `lookup` fields read them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { parse } from 'csv-parse/sync';
import { errorMessage, InputError } from '../errors.js';
import { ID_PATTERN } from '../flow/flow-schema.js';
import type { CodeTable, CodeTables, ConfigProblem, LookupInput } from '../sdk/node-kind.js';

export const CodeTableFileSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, description: 'CSV file with a header line, relative to the flow file.' }),
    keyColumn: Type.String({ minLength: 1, description: 'Header of the column of the codes.' }),
    valueColumn: Type.String({ minLength: 1, description: 'Header of the column of the values.' }),
    delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1, description: 'Field delimiter; `,` when absent.' })),
  },
  { additionalProperties: false },
);

export const InlineCodeTableSchema = Type.Record(Type.String(), Type.String(), { description: 'Codes and their values, for example { "EA": "each" }.' });

/** Config of a node's code tables: by table name, an inline map or a CSV file. */
export const CodeTablesSchema = Type.Record(Type.String({ pattern: ID_PATTERN }), Type.Union([CodeTableFileSchema, InlineCodeTableSchema]), {
  additionalProperties: false,
  description: 'Named code tables for lookups: inline { "code": "value" } maps, or { file, keyColumn, valueColumn } for a CSV file.',
});

export type CodeTableFileSpec = Static<typeof CodeTableFileSchema>;
export type CodeTablesSpec = Static<typeof CodeTablesSchema>;

/**
 * Tells whether a table spec names a CSV file. An inline table whose codes are exactly `file`,
 * `keyColumn` and `valueColumn` would read as a file spec, which no real code list has.
 */
export function isCodeTableFile(spec: CodeTableFileSpec | Record<string, string>): spec is CodeTableFileSpec {
  return typeof spec.file === 'string' && typeof spec.keyColumn === 'string' && typeof spec.valueColumn === 'string';
}

/**
 * Reads a node's code tables. Files are read synchronously: tables are small, and both `check`
 * (which must be synchronous) and `create` go through here, so they agree on every problem.
 * Each problem names its field under `field`, for example `codeTables.uom.file`. `files` lists
 * the files read with the SHA-256 of their bytes, for `create` to pass to `context.recordInput`.
 */
export function readCodeTables(
  specs: CodeTablesSpec | undefined,
  resolvePath: (path: string) => string,
  field = 'codeTables',
): { tables: CodeTables; problems: ConfigProblem[]; files: LookupInput[] } {
  const tables = new Map<string, CodeTable>();
  const problems: ConfigProblem[] = [];
  const files: LookupInput[] = [];
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (!isCodeTableFile(spec)) {
      tables.set(name, new Map(Object.entries(spec)));
      continue;
    }
    const path = resolvePath(spec.file);
    let text: string;
    try {
      const read = readLookupFile(path);
      files.push(read.input);
      text = read.text;
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : errorMessage(error);
      problems.push({ field: `${field}.${name}.file`, message: `cannot read code table '${name}' from ${path}: ${reason}` });
      continue;
    }
    try {
      tables.set(name, parseCodeTableCsv(text, spec, basename(path)));
    } catch (error) {
      problems.push({ field: `${field}.${name}.file`, message: `code table '${name}': ${errorMessage(error)}` });
    }
  }
  return { tables, problems, files };
}

/** Reads a file a node needs at create as UTF-8 text, with the SHA-256 of its bytes. Throws what `readFileSync` throws. */
export function readLookupFile(path: string): { text: string; input: LookupInput } {
  const bytes = readFileSync(path);
  return { text: bytes.toString('utf8'), input: { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length } };
}

/**
 * Parses the CSV text of a code table. Cells are trimmed. Throws an InputError naming the file
 * and line for a CSV syntax error, a missing column, an empty code, or a code given twice with
 * different values.
 */
export function parseCodeTableCsv(text: string, spec: CodeTableFileSpec, fileName: string): CodeTable {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parse(text, { columns: true, bom: true, delimiter: spec.delimiter ?? ',', skip_empty_lines: true, trim: true, info: true, relax_column_count: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError(`${fileName}${line === undefined ? '' : ` line ${line}`}: invalid CSV: ${errorMessage(error)}`, {
      file: fileName,
      ...(line === undefined ? {} : { line }),
    });
  }
  const header = Object.keys(rows[0]?.record ?? {});
  for (const column of [spec.keyColumn, spec.valueColumn]) {
    if (rows.length > 0 && !header.includes(column)) {
      throw new InputError(`${fileName} has no column '${column}'; its columns: ${header.join(', ')}`, { file: fileName, field: column });
    }
  }
  const table = new Map<string, string>();
  const lineOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const code = record[spec.keyColumn] ?? '';
    const value = record[spec.valueColumn] ?? '';
    if (code === '') {
      throw new InputError(`${fileName} line ${info.lines}: column '${spec.keyColumn}' is empty; every row needs a code`, { file: fileName, line: info.lines });
    }
    const earlier = table.get(code);
    if (earlier !== undefined && earlier !== value) {
      throw new InputError(
        `${fileName} line ${info.lines}: code '${code}' appears again with value '${value}'; line ${lineOf.get(code)} gave '${earlier}'`,
        { file: fileName, line: info.lines },
      );
    }
    table.set(code, value);
    lineOf.set(code, info.lines);
  }
  return table;
}

/** Returns the text form of a code: strings as they are, numbers and booleans as written in JSON, anything else undefined. */
export function codeText(code: unknown): string | undefined {
  if (typeof code === 'string') {
    return code;
  }
  if (typeof code === 'number' || typeof code === 'boolean') {
    return String(code);
  }
  return undefined;
}

/** Returns a table by name; throws an InputError listing the node's tables when there is none by that name. */
export function requireCodeTable(tables: CodeTables, name: string): CodeTable {
  const table = tables.get(name);
  if (table === undefined) {
    throw new InputError(`code table '${name}' is not defined; ${describeTableNames(tables)}`);
  }
  return table;
}

/** Returns the value for `code` in table `name`, or undefined when the code is not in it. Codes match exactly, letter case included. */
export function lookupCode(tables: CodeTables, name: string, code: unknown): string | undefined {
  const table = requireCodeTable(tables, name);
  const text = codeText(code);
  return text === undefined ? undefined : table.get(text);
}

/** Tells whether `code` is in table `name`. */
export function isInCodeTable(tables: CodeTables, name: string, code: unknown): boolean {
  const text = codeText(code);
  return text !== undefined && requireCodeTable(tables, name).has(text);
}

/** Lists the table names for messages: `the node defines: uom, status` or `the node defines no code tables`. */
export function describeTableNames(tables: CodeTables): string {
  const names = [...tables.keys()];
  return names.length === 0 ? 'the node defines no code tables' : `the node defines: ${names.join(', ')}`;
}
