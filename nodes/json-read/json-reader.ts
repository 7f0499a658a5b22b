/**
 * The running json.read node: streams the file through the decoder and either the array scanner
 * or the line splitter, parses each value alone, and hands records downstream in batches of
 * `context.batchSize`.
 */
import { basename } from 'node:path';
import { InputError, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { TextFileReader } from '../file-common/text-file-reader.js';
import { JsonArrayScanner, type ArrayProblem } from './json-array-scanner.js';
import { JsonLinesSplitter } from './json-lines-splitter.js';
import type { JsonReadConfig } from './json-read.schema.js';
import { JsonRecordBuilder, type DecodingState } from './json-record-builder.js';

export const JSON_READ_OUTPUT = 'out';

/** Either splitter, seen from the reader. */
interface ValueSplitter {
  push(text: string): void;
  /** Returns false when the input held nothing to split. */
  end(): boolean;
}

export class JsonReader implements NodeInstance {
  private readonly path: string;

  constructor(
    private readonly config: JsonReadConfig,
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
    let builder: JsonRecordBuilder | undefined;
    let splitter: ValueSplitter | undefined;
    const decoding: DecodingState = { encoding: 'utf-8', undecodableSeen: false };
    // Text before the first non-whitespace character, held until the format is known.
    let leading = '';
    for await (const chunk of reader.chunks(this.config.encoding ?? 'auto')) {
      if (this.context.signal.aborted) {
        return;
      }
      let text = chunk.text;
      decoding.encoding = reader.encoding ?? decoding.encoding;
      decoding.undecodableSeen ||= chunk.undecodable;
      if (splitter === undefined || builder === undefined) {
        text = leading + text;
        const format = this.decideFormat(text);
        if (format === undefined) {
          leading = text;
          continue;
        }
        builder = new JsonRecordBuilder({
          nodeId: this.context.nodeId,
          file: this.path,
          keyField: this.config.keyField,
          unit: format === 'array' ? 'element' : 'line',
        }, decoding);
        splitter = this.createSplitter(format, builder);
      }
      splitter.push(text);
      await this.send(builder, out);
    }
    const empty = splitter === undefined || !splitter.end();
    if (builder !== undefined) {
      await this.send(builder, out);
    }

    const digest = reader.digest;
    if (digest !== undefined) {
      this.context.recordTriggerInput({ path: this.path, sha256: digest.sha256, size: digest.size });
    }
    if (empty && this.config.format !== 'jsonl') {
      throw new InputError(`${basename(this.path)} is empty; expected a JSON array or JSON Lines`, { file: this.path });
    }
  }

  /** Returns the format from config, or from the first non-whitespace character; undefined while there is none yet. */
  private decideFormat(text: string): 'array' | 'jsonl' | undefined {
    const format = this.config.format ?? 'auto';
    if (format !== 'auto') {
      return format;
    }
    const first = text.trimStart().charAt(0);
    if (first === '') {
      return undefined;
    }
    if (first === '[') {
      return 'array';
    }
    if (first === '{') {
      return 'jsonl';
    }
    throw new InputError(
      `${basename(this.path)} starts with '${first}'; expected '[' for a JSON array or '{' for JSON Lines. Set 'format' if the file is one of those`,
      { file: this.path },
    );
  }

  private createSplitter(format: 'array' | 'jsonl', builder: JsonRecordBuilder): ValueSplitter {
    if (format === 'array') {
      return new JsonArrayScanner(this.path, (text, line, problem) => builder.add(text, line, problem === undefined ? undefined : describeArrayProblem(problem)));
    }
    const lines = new JsonLinesSplitter(this.path, (text, line) => builder.add(text, line));
    return {
      push: (text) => lines.push(text),
      end: () => {
        lines.end();
        return builder.count > 0;
      },
    };
  }

  /** Emits the records built so far, flushing whenever a batch is full. */
  private async send(builder: JsonRecordBuilder, out: Output): Promise<void> {
    const { records, errors } = builder;
    const batchSize = this.context.batchSize;
    for (let index = 0; index < records.length; index++) {
      const error = errors[index];
      if (error === undefined) {
        out.emit(JSON_READ_OUTPUT, records[index]!);
      } else {
        out.fail(records[index]!, error);
      }
      if (out.pending >= batchSize) {
        await out.flush();
      }
    }
    builder.clear();
  }
}

function describeArrayProblem(problem: ArrayProblem): string {
  switch (problem) {
    case 'unclosed-array':
      return "the file ends before the JSON array is closed with ']'; it may be truncated";
    case 'trailing-text':
      return 'text follows the end of the JSON array';
  }
}
