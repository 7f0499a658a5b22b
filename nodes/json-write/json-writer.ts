/**
 * The running json.write node: serializes the records of each batch that its delivery mode
 * selects and appends them to the temporary file of an {@link AtomicFileSink}. The target is
 * replaced only in `finish`; `abort` leaves it as it was.
 */
import {
  describeOrigin,
  InputError,
  type FlowRecord,
  type NodeContext,
  type NodeInstance,
  type Output,
} from '../../engine/sdk/index.js';
import { AtomicFileSink } from '../file-common/atomic-file-sink.js';
import type { JsonWriteConfig } from './json-write.schema.js';

export class JsonWriter implements NodeInstance {
  private readonly sink: AtomicFileSink;
  private readonly array: boolean;
  private readonly envelope: boolean;
  private written = 0;

  constructor(config: JsonWriteConfig, context: NodeContext) {
    this.sink = new AtomicFileSink(config.path, config.delivery, context);
    this.array = config.format === 'array';
    this.envelope = config.include === 'envelope';
    if (this.array && this.sink.appending) {
      throw new InputError(
        `cannot add records to the JSON array in ${this.sink.path} in a replay or approval run; write format jsonl, or set delivery.mode to delta`,
        { file: this.sink.path },
      );
    }
  }

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    let text = '';
    const written: FlowRecord[] = [];
    for (const record of await this.sink.select(batch, out)) {
      let json: string;
      try {
        json = JSON.stringify(this.envelope ? envelopeOf(record) : record.data);
      } catch (error) {
        out.fail(record, new InputError(`${describeOrigin(record.origin)}: cannot write the record as JSON: ${(error as Error).message}`, {}, { cause: error }));
        continue;
      }
      if (this.array) {
        text += this.written === 0 ? `[\n${json}` : `,\n${json}`;
      } else {
        text += `${json}\n`;
      }
      this.written++;
      written.push(record);
    }
    if (text !== '') {
      await this.sink.write(text, written);
    }
  }

  async finish(): Promise<void> {
    if (this.array) {
      await this.sink.write(this.written === 0 ? '[]\n' : '\n]\n', []);
    }
    // Without records the target is still replaced, by an empty file, so it reflects this run.
    await this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.sink.discard();
  }
}

/** Returns the envelope written with `include: envelope`, with `decision` only on records that passed an approve node. */
function envelopeOf(record: FlowRecord): Record<string, unknown> {
  return {
    key: record.key,
    origin: record.origin,
    data: record.data,
    errors: record.errors ?? [],
    ...(record.decision === undefined ? {} : { decision: record.decision }),
  };
}
