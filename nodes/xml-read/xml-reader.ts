/**
 * The running xml.read node: streams the file through the decoder and the scanner, parses each
 * record element, and emits records in batches. Memory stays flat because the file is read in
 * chunks and only the current record element is kept.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, type FlowRecord, type NodeContext, type NodeInstance, type Output, type RecordData } from '../../engine/sdk/index.js';
import { parseRecordPath } from './record-path.js';
import { detectXmlEncoding, XmlChunkDecoder, type XmlEncoding } from './xml-encoding.js';
import type { XmlReadConfig } from './xml-read.schema.js';
import { XmlRecordParser } from './xml-record-parser.js';
import { XmlRecordScanner, type XmlFragment } from './xml-scanner.js';

/** Characters of a malformed element kept in its failed record, for the person who reads the dead letter. */
const FAILED_TEXT_LIMIT = 4_000;

export class XmlReader implements NodeInstance {
  private index = 0;

  constructor(
    private readonly config: XmlReadConfig,
    private readonly context: NodeContext,
  ) {}

  async run(out: Output): Promise<void> {
    const file = this.context.resolvePath(this.config.path);
    const parsedPath = parseRecordPath(this.config.recordPath);
    if ('error' in parsedPath) {
      throw new InputError(parsedPath.error, { field: 'recordPath' });
    }
    const removeNamespacePrefix = this.config.removeNamespacePrefix ?? false;
    const scanner = new XmlRecordScanner({ file, segments: parsedPath.segments, removeNamespacePrefix });
    const parser = new XmlRecordParser(
      {
        file,
        attributes: this.config.attributes ?? 'include',
        attributePrefix: this.config.attributePrefix ?? '@',
        textField: this.config.textField ?? '#text',
        arrayElements: this.config.arrayElements ?? [],
        removeNamespacePrefix,
      },
      scanner.entities,
    );

    const handle = await openFile(file);
    const hash = createHash('sha256');
    let size = 0;
    let decoder: XmlChunkDecoder | undefined;
    try {
      for await (const chunk of handle.createReadStream({ autoClose: false })) {
        if (this.context.signal.aborted) {
          return;
        }
        let bytes = chunk as Buffer;
        hash.update(bytes);
        size += bytes.length;
        if (decoder === undefined) {
          const detected = this.chooseEncoding(bytes, file);
          decoder = new XmlChunkDecoder(detected.encoding);
          bytes = bytes.subarray(detected.bomLength);
        }
        const text = decodeChunk(decoder, bytes, file, scanner.currentLine);
        await this.emitAll(scanner.push(text), parser, file, out);
      }
    } finally {
      await handle.close();
    }
    if (decoder !== undefined) {
      const rest = decodeChunk(decoder, undefined, file, scanner.currentLine);
      await this.emitAll(scanner.push(rest), parser, file, out);
    }
    await this.emitAll(scanner.end(), parser, file, out);
    this.context.recordTriggerInput({ path: file, sha256: hash.digest('hex'), size });
  }

  private chooseEncoding(head: Buffer, file: string): { encoding: XmlEncoding; bomLength: number } {
    const detected = detectXmlEncoding(head, file);
    const forced = this.config.encoding ?? 'auto';
    return forced === 'auto' ? detected : { encoding: forced, bomLength: detected.bomLength };
  }

  private async emitAll(fragments: readonly XmlFragment[], parser: XmlRecordParser, file: string, out: Output): Promise<void> {
    for (const fragment of fragments) {
      const origin = { node: this.context.nodeId, file, line: fragment.line, index: this.index++ };
      let data: RecordData;
      try {
        data = parser.parse(fragment);
      } catch (error) {
        out.fail({ key: null, origin, data: { xml: fragment.text.slice(0, FAILED_TEXT_LIMIT) } }, error);
        await this.flushWhenFull(out);
        continue;
      }
      const record: FlowRecord = { key: null, origin, data };
      if (this.config.keyField === undefined) {
        out.emit('out', record);
      } else {
        const key = keyValue(data, this.config.keyField, this.config.textField ?? '#text');
        if (key === undefined) {
          const message = `${basename(file)} line ${fragment.line}: the record has no value in key field '${this.config.keyField}'`;
          out.fail(record, new InputError(message, { file, line: fragment.line, field: this.config.keyField }));
        } else {
          out.emit('out', { ...record, key });
        }
      }
      await this.flushWhenFull(out);
    }
  }

  private async flushWhenFull(out: Output): Promise<void> {
    if (out.pending >= this.context.batchSize) {
      await out.flush();
    }
  }
}

async function openFile(file: string): ReturnType<typeof open> {
  try {
    return await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = `cannot be opened (${code ?? String(error)})`;
    if (code === 'ENOENT') {
      reason = 'does not exist';
    } else if (code === 'EISDIR') {
      reason = 'is a folder, not a file';
    }
    throw new InputError(`XML file ${file} ${reason}`, { file }, { cause: error });
  }
}

/**
 * Decodes the next chunk, or the end of the file when `bytes` is undefined, and turns the
 * decoder's TypeError on invalid bytes into a located InputError.
 */
function decodeChunk(decoder: XmlChunkDecoder, bytes: Buffer | undefined, file: string, line: number): string {
  try {
    return bytes === undefined ? decoder.end() : decoder.decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) {
      throw new InputError(
        `${basename(file)} after line ${line}: the bytes are not valid ${decoder.encoding.toUpperCase()}; check the encoding in the XML declaration or set the encoding option`,
        { file, line },
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Returns the business key at a `/`-separated path, as text. An element with attributes keeps its
 * text under the text field, which is used when the path ends at such an element.
 */
function keyValue(data: RecordData, path: string, textField: string): string | undefined {
  let value: unknown = data;
  for (const segment of path.split('/')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    value = (value as Record<string, unknown>)[textField];
  }
  if ((typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}
