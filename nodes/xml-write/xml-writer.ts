/**
 * The running xml.write node: writes every record under the root element into a temporary file
 * and renames it over the target when the run finishes, so readers see the old file or the
 * complete new one, never a half-written one.
 */
import { AtomicFileWriter, contentHash, InputError, type Delivery, type FlowRecord, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { XmlSerializer } from './xml-serializer.js';
import type { XmlWriteConfig } from './xml-write.schema.js';

export class XmlWriter implements NodeInstance {
  private readonly writer: AtomicFileWriter;
  private readonly serializer: XmlSerializer;
  private readonly target: string;
  private started = false;

  constructor(
    private readonly config: XmlWriteConfig,
    private readonly context: NodeContext,
  ) {
    const path = context.resolvePath(config.path);
    this.writer = new AtomicFileWriter(path);
    this.target = `file:${path}`;
    this.serializer = new XmlSerializer({
      attributePrefix: config.attributePrefix ?? '@',
      textField: config.textField ?? '#text',
      indent: config.indent ?? 2,
      nullValues: config.nullValues ?? 'empty',
    });
  }

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    await this.start();
    const elements: string[] = [];
    const deliveries: Delivery[] = [];
    for (const record of batch) {
      try {
        elements.push(this.serializer.serializeRecord(this.config.recordElement, record.data, 1));
      } catch (error) {
        if (!(error instanceof InputError)) {
          throw error;
        }
        out.fail(record, error);
        continue;
      }
      deliveries.push({ key: record.key, hash: contentHash(record.data) });
    }
    await this.writer.write(elements.join(''));
    // NOTE: deliveries are recorded as each batch reaches the temporary file, before the rename
    // in finish, so a run that fails later leaves ledger entries for a file it never replaced.
    if (deliveries.length > 0) {
      await this.context.ledger.recordDeliveries(this.target, deliveries);
    }
  }

  async finish(): Promise<void> {
    await this.start();
    await this.writer.write(`</${this.config.rootElement}>\n`);
    await this.writer.commit();
  }

  async abort(): Promise<void> {
    await this.writer.discard();
  }

  private async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.started = true;
    const attributes = Object.entries(this.config.rootAttributes ?? {}).map(([name, value]) => ({ name, value, field: `rootAttributes.${name}` }));
    const declaration = this.config.declaration === false ? '' : '<?xml version="1.0" encoding="UTF-8"?>\n';
    await this.writer.write(`${declaration}${this.serializer.startTag(this.config.rootElement, attributes)}>\n`);
  }
}
