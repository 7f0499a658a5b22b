/**
 * Turns tokenized CSV rows into records. The header names the columns, and each later row becomes
 * a record whose data maps column names to the field text, untouched (`01` stays `01`). Rows that
 * break a rule become records paired with an InputError that names the file, the line and the
 * rule, and they keep every field that was read.
 */
import { basename } from 'node:path';
import { describeOrigin, InputError, type FlowRecord, type RecordData, type RecordOrigin } from '../../engine/sdk/index.js';
import type { RowProblem } from './csv-row-parser.js';

/** Data field that contains the fields of a row beyond the header's columns. */
export const EXTRA_FIELDS = '_extra';

export interface CsvRecordBuilderOptions {
  nodeId: string;
  /** Absolute path of the file, stored in each record's origin. */
  file: string;
  /** The first row names the columns; otherwise columns are `column1`, `column2`, ... */
  header: boolean;
  keyColumn: string | undefined;
  fillDown?: { columns: readonly string[]; groupColumn?: string } | undefined;
  /** Encoding the file was decoded with, for messages about undecodable bytes. */
  encoding: string;
}

/**
 * Collects the records built from the rows of one chunk. The reader takes them with
 * {@link records} and {@link errors} (same length; `undefined` where the record is good) and
 * calls {@link clear} once it has sent them.
 */
export class CsvRecordBuilder {
  readonly records: FlowRecord[] = [];
  readonly errors: (InputError | undefined)[] = [];
  private columns: string[] | undefined;
  private keyIndex = -1;
  private index = 0;
  /** Positions of the fill-down columns the file has, with the last value of each. */
  private fillIndexes: number[] = [];
  private fillValues: string[] = [];
  private groupIndex = -1;
  private lastGroup: string | undefined;

  constructor(private readonly options: CsvRecordBuilderOptions) {}

  /** True once the header (or, without a header, the first row) has been seen. */
  get hasColumns(): boolean {
    return this.columns !== undefined;
  }

  clear(): void {
    this.records.length = 0;
    this.errors.length = 0;
  }

  /** Handles one row from the parser. Defined as a property so it can be passed as the callback. */
  readonly handleRow = (fields: string[], line: number, problem: RowProblem | undefined): void => {
    if (this.columns === undefined) {
      this.columns = this.options.header ? this.readHeader(fields, line, problem) : fields.map((_, position) => `column${position + 1}`);
      this.keyIndex = this.findKeyColumn(this.columns);
      this.findFillDownColumns(this.columns);
      if (this.options.header) {
        return;
      }
    }
    if (this.fillIndexes.length > 0) {
      this.fillDown(fields);
    }
    const columns = this.columns;
    const width = columns.length;
    const count = fields.length;
    const shared = count < width ? count : width;
    const data: RecordData = {};
    for (let position = 0; position < shared; position++) {
      data[columns[position] as string] = fields[position];
    }
    const origin: RecordOrigin = { node: this.options.nodeId, file: this.options.file, line, index: this.index++ };
    let error: InputError | undefined;
    if (problem !== undefined) {
      error = this.describeProblem(problem, origin);
    } else if (count !== width) {
      error = new InputError(`${describeOrigin(origin)}: row has ${count} fields; the ${this.options.header ? 'header' : 'first row'} has ${width}`, {
        file: this.options.file,
        line,
      });
    }
    if (count > width) {
      data[EXTRA_FIELDS] = fields.slice(width);
    }
    let key: string | null = null;
    if (this.keyIndex !== -1) {
      const value = fields[this.keyIndex];
      if (value !== undefined && value !== '') {
        key = value;
      } else {
        const column = this.options.keyColumn as string;
        error ??= new InputError(`${describeOrigin(origin)}: key column '${column}' is empty`, { file: this.options.file, line, field: column });
      }
    }
    this.records.push({ key, origin, data });
    this.errors.push(error);
  };

  /** Returns the column names of a header row; a header the reader cannot use fails the node. */
  private readHeader(fields: string[], line: number, problem: RowProblem | undefined): string[] {
    const where = `${this.options.file} line ${line}`;
    if (problem !== undefined) {
      throw new InputError(`${where}: the header is not readable: ${describeRule(problem)}`, { file: this.options.file, line });
    }
    if (fields.length === 1 && fields[0] === '') {
      throw new InputError(`${where}: the header line is empty`, { file: this.options.file, line });
    }
    const names: string[] = [];
    const used = new Set<string>();
    fields.forEach((field, position) => {
      if (field === '__proto__') {
        throw new InputError(`${where}: column ${position + 1} is named '__proto__', which cannot be a field name; rename the column`, {
          file: this.options.file,
          line,
        });
      }
      // An unnamed column gets its position; a repeated name gets a suffix, so no field overwrites another.
      let name = field === '' ? `column${position + 1}` : field;
      for (let suffix = 2; used.has(name); suffix++) {
        name = `${field === '' ? `column${position + 1}` : field}_${suffix}`;
      }
      used.add(name);
      names.push(name);
    });
    return names;
  }

  private findFillDownColumns(columns: readonly string[]): void {
    const fillDown = this.options.fillDown;
    if (fillDown === undefined) {
      return;
    }
    this.fillIndexes = fillDown.columns.map((column) => columns.indexOf(column)).filter((position) => position !== -1);
    this.fillValues = this.fillIndexes.map(() => '');
    if (fillDown.groupColumn !== undefined) {
      this.groupIndex = columns.indexOf(fillDown.groupColumn);
      if (this.groupIndex === -1) {
        throw new InputError(`${basename(this.options.file)}: fill-down group column '${fillDown.groupColumn}' is not among the columns; the header has: ${columns.join(', ')}`, {
          file: this.options.file,
          field: fillDown.groupColumn,
        });
      }
    }
  }

  /**
   * Fills the empty fill-down cells of a row, in place, with the values of the row above, unless
   * the group column changed. A row's own values become the ones the next row takes.
   */
  private fillDown(fields: string[]): void {
    const group = this.groupIndex === -1 ? undefined : (fields[this.groupIndex] ?? '');
    const sameGroup = this.lastGroup === undefined ? false : group === undefined || group === this.lastGroup;
    this.lastGroup = group ?? '';
    for (let slot = 0; slot < this.fillIndexes.length; slot++) {
      const position = this.fillIndexes[slot] as number;
      if (position >= fields.length) {
        continue;
      }
      if (fields[position] === '' && sameGroup) {
        fields[position] = this.fillValues[slot] as string;
      }
      this.fillValues[slot] = fields[position] as string;
    }
  }

  private findKeyColumn(columns: readonly string[]): number {
    const keyColumn = this.options.keyColumn;
    if (keyColumn === undefined) {
      return -1;
    }
    const position = columns.indexOf(keyColumn);
    if (position === -1) {
      throw new InputError(
        `${basename(this.options.file)}: key column '${keyColumn}' is not among the columns; the ${this.options.header ? 'header has' : 'rows have'}: ${columns.join(', ')}`,
        { file: this.options.file, field: keyColumn },
      );
    }
    return position;
  }

  private describeProblem(problem: RowProblem, origin: RecordOrigin): InputError {
    const column = this.columns?.[problem.field - 1];
    const location = { file: this.options.file, line: origin.line, ...(column === undefined ? {} : { field: column }) };
    return new InputError(`${describeOrigin(origin)}: ${describeRule(problem, column, this.options.encoding)}`, location);
  }
}

function describeRule(problem: RowProblem, column?: string, encoding?: string): string {
  const field = column === undefined ? `field ${problem.field}` : `field ${problem.field} (column '${column}')`;
  switch (problem.rule) {
    case 'unclosed-quote':
      return `${field} opens a quote that is not closed before the end of the file`;
    case 'text-after-quote':
      return `${field} has text after its closing quote; quote the whole field and double each quote inside it`;
    case 'nul-character':
      return `${field} contains a NUL character (U+0000)`;
    case 'undecodable-bytes':
      return `${field} contains bytes that are not valid ${encoding ?? 'text'}; set 'encoding' to the file's encoding`;
  }
}
