/**
 * The running json.write node: serializes each batch, appends it to the temporary file of an
 * {@link AtomicFileSink} and records it in the ledger. The target is replaced only in `finish`;
 * `abort` leaves it as it was.
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
import type { JsonWriteConfig } from './json-write.schema.js';

export class JsonWriter implements NodeInstance {
  private readonly sink: AtomicFileSink;
  private readonly array: boolean;
  private readonly envelope: boolean;
  private written = 0;

  constructor(config: JsonWriteConfig, context: NodeContext) {
    this.sink = new AtomicFileSink(config.path, context);
    this.array = config.format === 'array';
    this.envelope = config.include === 'envelope';
  }

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    let text = '';
    const deliveries: Delivery[] = [];
    for (const record of batch) {
      let json: string;
      try {
        json = JSON.stringify(this.envelope ? { key: record.key, origin: record.origin, data: record.data, errors: record.errors ?? [] } : record.data);
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
      deliveries.push({ key: record.key, hash: contentHash(record.data) });
    }
    if (text !== '') {
      await this.sink.write(text, deliveries);
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
