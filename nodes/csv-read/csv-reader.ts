/**
 * The running csv.read node: streams the file through the decoder, the tokenizer and the record
 * builder, and hands records downstream in batches of `context.batchSize`. Only one chunk of
 * the file and its records are in memory at a time.
 */
import { basename } from 'node:path';
import { InputError, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { TextFileReader } from '../file-common/text-file-reader.js';
import type { CsvReadConfig } from './csv-read.schema.js';
import { CsvRecordBuilder } from './csv-record-builder.js';
import { CsvRowParser } from './csv-row-parser.js';
import { detectDelimiter } from './delimiter-detection.js';

export const CSV_READ_OUTPUT = 'out';

export class CsvReader implements NodeInstance {
  private readonly path: string;

  constructor(
    private readonly config: CsvReadConfig,
    private readonly context: NodeContext,
  ) {
    this.path = context.resolvePath(config.path);
  }

  async run(out: Output): Promise<void> {
    const reader = await TextFileReader.open(this.path);
    try {
      await this.readAll(reader, out);
    } finally {
      await reader.close();
    }
  }

  private async readAll(reader: TextFileReader, out: Output): Promise<void> {
    const { config } = this;
    const quote = config.quote ?? '"';
    const skipLines = config.skipLines ?? 0;
    let builder: CsvRecordBuilder | undefined;
    let parser: CsvRowParser | undefined;
    for await (const chunk of reader.chunks(config.encoding ?? 'auto')) {
      if (this.context.signal.aborted) {
        return;
      }
      if (builder === undefined || parser === undefined) {
        builder = new CsvRecordBuilder({
          nodeId: this.context.nodeId,
          file: this.path,
          header: config.header ?? true,
          keyColumn: config.keyColumn,
          fillDown: config.fillDown,
          encoding: reader.encoding ?? 'utf-8',
        });
        const delimiter = config.delimiter === undefined || config.delimiter === 'auto' ? detectDelimiter(chunk.text, quote, skipLines) : config.delimiter;
        parser = new CsvRowParser({
          file: this.path,
          delimiter,
          quote,
          trim: config.trim ?? false,
          skipEmptyLines: config.skipEmptyLines ?? true,
          skipLines,
          onRow: builder.handleRow,
        });
      }
      parser.push(chunk.text, chunk.undecodable);
      await this.send(builder, out);
    }
    parser?.end();
    if (builder !== undefined) {
      await this.send(builder, out);
    }

    const digest = reader.digest;
    if (digest !== undefined) {
      this.context.recordTriggerInput({ path: this.path, sha256: digest.sha256, size: digest.size });
    }
    if (builder === undefined || !builder.hasColumns) {
      throw this.describeMissingRows(digest?.size ?? 0);
    }
  }

  /** Emits the records built so far, flushing whenever a batch is full. */
  private async send(builder: CsvRecordBuilder, out: Output): Promise<void> {
    const { records, errors } = builder;
    const batchSize = this.context.batchSize;
    for (let index = 0; index < records.length; index++) {
      const error = errors[index];
      if (error === undefined) {
        out.emit(CSV_READ_OUTPUT, records[index]!);
      } else {
        out.fail(records[index]!, error);
      }
      if (out.pending >= batchSize) {
        await out.flush();
      }
    }
    builder.clear();
  }

  private describeMissingRows(size: number): InputError {
    const header = this.config.header ?? true;
    if (size === 0 || (this.config.skipLines ?? 0) === 0) {
      return new InputError(`${basename(this.path)} is empty${header ? '; expected a header line' : ''}`, { file: this.path });
    }
    return new InputError(`${basename(this.path)} has no ${header ? 'header' : 'rows'} after the ${this.config.skipLines} skipped lines`, { file: this.path });
  }
}
