/**
 * Turns each input record into one record per element of an array field. The new records keep
 * the input's business key and origin, so a failed element can still be traced to the file and
 * line of the record it came from. With a line field, an element that carries its own line (a
 * catalog item read from its LIN segment) points there instead.
 */
import {
  compileFieldReader,
  describeOrigin,
  InputError,
  RecordDataWriter,
  splitFieldPath,
  withData,
  type FieldReader,
  type FlowRecord,
  type Output,
  type RecordData,
} from '../../engine/sdk/index.js';
import type { SplitConfig } from './split.schema.js';

export const SPLIT_OUTPUT_PORT = 'out';

interface IncludedField {
  target: string[];
  read: FieldReader;
}

export class RecordSplitter {
  private readonly readArray: FieldReader;
  private readonly target: string[] | undefined;
  private readonly positionField: string[] | undefined;
  private readonly readLine: FieldReader | undefined;
  private readonly included: IncludedField[];
  private readonly failWhenEmpty: boolean;

  constructor(private readonly config: SplitConfig) {
    this.readArray = compileFieldReader(config.path);
    this.target = config.target === undefined ? undefined : splitFieldPath(config.target);
    this.positionField = config.positionField === undefined ? undefined : splitFieldPath(config.positionField);
    this.readLine = config.lineField === undefined ? undefined : compileFieldReader(config.lineField);
    this.included = Object.entries(config.include ?? {}).map(([target, source]) => ({ target: splitFieldPath(target), read: compileFieldReader(source) }));
    this.failWhenEmpty = config.whenEmpty === 'fail';
  }

  process(batch: readonly FlowRecord[], out: Output): void {
    for (const record of batch) {
      this.split(record, out);
    }
  }

  private split(record: FlowRecord, out: Output): void {
    const path = this.config.path;
    const value = this.readArray(record.data);
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      out.fail(record, new InputError(`${describeOrigin(record.origin)}: field '${path}' is ${describeType(value)}; split needs an array there`, { field: path }));
      return;
    }
    const elements = (value ?? []) as unknown[];
    if (elements.length === 0) {
      if (this.failWhenEmpty) {
        const state = value === undefined || value === null ? 'missing' : 'an empty array';
        out.fail(record, new InputError(`${describeOrigin(record.origin)}: field '${path}' is ${state}, so the record has nothing to split`, { field: path }));
      }
      return;
    }
    elements.forEach((element, index) => {
      const source = this.withElementLine(record, element);
      const data = this.buildData(record.data, element, index + 1);
      if (typeof data === 'string') {
        out.fail(withData(source, { element, position: index + 1 }), new InputError(`${describeOrigin(source.origin)}: ${data}`, { field: path }));
      } else {
        out.emit(SPLIT_OUTPUT_PORT, withData(source, data));
      }
    });
  }

  /** Returns the record with the element's own line as its origin line, when the line field gives one. */
  private withElementLine(record: FlowRecord, element: unknown): FlowRecord {
    if (this.readLine === undefined || element === null || typeof element !== 'object' || Array.isArray(element)) {
      return record;
    }
    const line = this.readLine(element as RecordData);
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) {
      return record;
    }
    return { ...record, origin: { ...record.origin, line } };
  }

  /** Builds one new record's data, or returns why the element cannot become one. */
  private buildData(input: RecordData, element: unknown, position: number): RecordData | string {
    const elementIsObject = element !== null && typeof element === 'object' && !Array.isArray(element);
    if (this.target === undefined && !elementIsObject) {
      return `element ${position} of '${this.config.path}' is ${describeType(element)}; set target to keep elements that are not objects`;
    }
    const writer = new RecordDataWriter(this.target === undefined ? (element as RecordData) : undefined);
    const writes: [string[], unknown][] = [];
    for (const field of this.included) {
      writes.push([field.target, field.read(input)]);
    }
    if (this.target !== undefined) {
      writes.push([this.target, element]);
    }
    if (this.positionField !== undefined) {
      writes.push([this.positionField, position]);
    }
    for (const [segments, value] of writes) {
      if (value === undefined) {
        continue;
      }
      const blocked = writer.set(segments, value);
      if (blocked !== undefined) {
        return `cannot write '${segments.join('.')}' into element ${position} of '${this.config.path}', because '${blocked}' is not an object`;
      }
    }
    return writer.root;
  }
}

function describeType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}
