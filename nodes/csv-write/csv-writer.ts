/**
 * The running csv.write node: formats each batch as CSV lines, appends them to the temporary
 * file of an {@link AtomicFileSink} and records them in the ledger. The target is replaced only
 * in `finish`; `abort` leaves it as it was.
 */
import {
  contentHash,
  describeOrigin,
  InputError,
  type Delivery,
  type FlowRecord,
  type NodeContext,
  type NodeInstance,
  type Output,
} from '../../engine/sdk/index.js';
import { AtomicFileSink } from '../file-common/atomic-file-sink.js';
import { describeCharacter, encodeWindows1252, findUnencodableCharacter } from '../file-common/windows-1252.js';
import { CsvLineFormat, formatValue } from './csv-line-format.js';
import type { CsvColumn, CsvWriteConfig } from './csv-write.schema.js';

const BYTE_ORDER_MARK = '\uFEFF';

export class CsvWriter implements NodeInstance {
  private readonly sink: AtomicFileSink;
  private readonly format: CsvLineFormat;
  private readonly lineEnding: string;
  private readonly windows1252: boolean;
  /** Data fields written, in column order; set by the config or by the first record. */
  private fields: string[] | undefined;

  constructor(
    private readonly config: CsvWriteConfig,
    context: NodeContext,
  ) {
    this.sink = new AtomicFileSink(config.path, context);
    this.format = new CsvLineFormat(config.delimiter ?? ',');
    this.lineEnding = config.lineEnding === 'crlf' ? '\r\n' : '\n';
    this.windows1252 = config.encoding === 'windows-1252';
  }

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    if (batch.length === 0) {
      return;
    }
    const fields = this.fields ?? (await this.start(batch[0]));
    let text = '';
    const deliveries: Delivery[] = [];
    for (const record of batch) {
      let line: string;
      try {
        line = this.format.formatRecord(record.data, fields);
      } catch (error) {
        out.fail(record, new InputError(`${describeOrigin(record.origin)}: cannot write the record as CSV: ${(error as Error).message}`, {}, { cause: error }));
        continue;
      }
      if (this.windows1252) {
        const problem = findWindows1252Problem(record, fields);
        if (problem !== undefined) {
          out.fail(record, problem);
          continue;
        }
      }
      text += line + this.lineEnding;
      deliveries.push({ key: record.key, hash: contentHash(record.data) });
    }
    if (text !== '') {
      await this.sink.write(this.encode(text), deliveries);
    }
  }

  async finish(): Promise<void> {
    if (this.fields === undefined) {
      // No record arrived: the file contains the header when columns are configured, else nothing.
      await this.start(undefined);
    }
    await this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.sink.discard();
  }

  /** Settles the columns and writes the byte order mark and the header. */
  private async start(first: FlowRecord | undefined): Promise<string[]> {
    const columns: CsvColumn[] = this.config.columns ?? Object.keys(first?.data ?? {}).map((field) => ({ field }));
    const fields = columns.map((column) => column.field);
    this.fields = fields;
    let text = this.config.bom === true && !this.windows1252 ? BYTE_ORDER_MARK : '';
    if ((this.config.header ?? true) && columns.length > 0) {
      const labels = columns.map((column) => column.label ?? column.field);
      if (this.windows1252) {
        for (const label of labels) {
          const character = findUnencodableCharacter(label);
          if (character !== undefined) {
            throw new InputError(`column label '${label}' contains ${describeCharacter(character)}, which windows-1252 cannot encode; change the label or write utf-8`);
          }
        }
      }
      text += this.format.formatTexts(labels) + this.lineEnding;
    }
    if (text !== '') {
      await this.sink.write(this.encode(text), []);
    }
    return fields;
  }

  private encode(text: string): string | Uint8Array {
    return this.windows1252 ? encodeWindows1252(text) : text;
  }
}

/** Returns an InputError naming the first field whose text Windows-1252 cannot encode. */
function findWindows1252Problem(record: FlowRecord, fields: readonly string[]): InputError | undefined {
  for (const field of fields) {
    const character = findUnencodableCharacter(formatValue(record.data[field]));
    if (character !== undefined) {
      return new InputError(
        `${describeOrigin(record.origin)}: field '${field}' contains ${describeCharacter(character)}, which windows-1252 cannot encode; replace the character or write utf-8`,
        { field },
      );
    }
  }
  return undefined;
}
