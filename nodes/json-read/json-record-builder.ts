/**
 * Turns the text of one JSON element or line into a record. Text that is not valid JSON, a value
 * that is not an object, or a missing key becomes a record paired with an InputError that names
 * the file, the line and the rule. The record keeps what was read.
 */
import { describeOrigin, InputError, type FlowRecord, type RecordData, type RecordOrigin } from '../../engine/sdk/index.js';

/** Data field that contains the text of an element that is not valid JSON. */
export const RAW_TEXT_FIELD = '_text';
/** Data field that contains a valid JSON value that is not an object. */
export const RAW_VALUE_FIELD = '_value';

export interface JsonRecordBuilderOptions {
  nodeId: string;
  /** Absolute path of the file, stored in each record's origin. */
  file: string;
  /** Dotted path of the key field, or undefined. */
  keyField: string | undefined;
  /** Word messages use for one value: `element` for arrays, `line` for JSON Lines. */
  unit: 'element' | 'line';
}

/** The encoding a file was decoded with, for the undecodable-bytes check. */
export interface DecodingState {
  encoding: string;
  /** Set once any chunk held bytes that are not valid in the encoding. */
  undecodableSeen: boolean;
}

/** Collects the records built from one chunk; see CsvRecordBuilder for the same contract. */
export class JsonRecordBuilder {
  readonly records: FlowRecord[] = [];
  readonly errors: (InputError | undefined)[] = [];
  private readonly keyPath: string[] | undefined;
  private index = 0;

  constructor(
    private readonly options: JsonRecordBuilderOptions,
    private readonly decoding: DecodingState,
  ) {
    this.keyPath = options.keyField?.split('.');
  }

  /** Records produced so far, good and failed. */
  get count(): number {
    return this.index;
  }

  clear(): void {
    this.records.length = 0;
    this.errors.length = 0;
  }

  /** Adds the record for one value's text. `problem`, when set, is the message of an error found around the value. */
  add(text: string, line: number, problem?: string): void {
    const origin: RecordOrigin = { node: this.options.nodeId, file: this.options.file, line, index: this.index++ };
    const location = { file: this.options.file, line };

    // NOTE: once undecodable bytes have been seen, a U+FFFD written in the file itself also
    // counts as undecodable, because the decoder replaces bad bytes with that same character.
    if (problem === undefined && this.decoding.undecodableSeen && text.includes('\uFFFD')) {
      problem = `contains bytes that are not valid ${this.decoding.encoding}; set 'encoding' to the file's encoding`;
    }
    if (problem !== undefined) {
      this.push(null, origin, this.dataOf(text), new InputError(`${describeOrigin(origin)}: ${problem}`, location));
      return;
    }

    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.push(null, origin, { [RAW_TEXT_FIELD]: text }, new InputError(`${describeOrigin(origin)}: invalid JSON: ${(error as Error).message}`, location));
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const message = `${describeOrigin(origin)}: ${this.describeUnit(origin)} is ${describeType(value)}; each ${this.options.unit} must be a JSON object`;
      this.push(null, origin, { [RAW_VALUE_FIELD]: value }, new InputError(message, location));
      return;
    }

    const data = value as RecordData;
    if (this.keyPath === undefined) {
      this.push(null, origin, data, undefined);
      return;
    }

    const key = readKey(data, this.keyPath);
    if (typeof key === 'string') {
      this.push(key, origin, data, undefined);
    } else {
      this.push(null, origin, data, new InputError(`${describeOrigin(origin)}: key field '${this.options.keyField}' ${key.problem}`, { ...location, field: this.options.keyField }));
    }
  }

  private push(key: string | null, origin: RecordOrigin, data: RecordData, error: InputError | undefined): void {
    this.records.push({ key, origin, data });
    this.errors.push(error);
  }

  private dataOf(text: string): RecordData {
    if (text === '') {
      return {};
    }
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return value as RecordData;
      }
    } catch {
      // Not valid JSON: keep the text as it is.
    }
    return { [RAW_TEXT_FIELD]: text };
  }

  private describeUnit(origin: RecordOrigin): string {
    return this.options.unit === 'element' ? `element ${origin.index + 1}` : 'the line';
  }
}

/** Returns the key as a string, or why the value at `path` cannot be one. */
function readKey(data: RecordData, path: readonly string[]): string | { problem: string } {
  let value: unknown = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { problem: 'is missing' };
    }
    value = Object.hasOwn(value, segment) ? (value as RecordData)[segment] : undefined;
  }
  if (value === undefined || value === null) {
    return { problem: 'is missing' };
  }
  if (typeof value === 'string') {
    return value === '' ? { problem: 'is empty' } : value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return { problem: `is ${describeType(value)}; expected a string or a number` };
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
