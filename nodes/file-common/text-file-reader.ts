/**
 * Reads a text file as a stream of decoded chunks for the file readers. It settles the encoding
 * first (a byte order mark, else a UTF-8 validity pass over the whole file), then hashes the
 * bytes while it decodes them, so the trigger input costs no extra pass.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../engine/sdk/index.js';
import { createChunkDecoder, encodingFromByteOrderMark, type DecodedChunk, type TextEncoding } from './text-decoding.js';
import { Utf8Validator } from './utf8-validator.js';

/** An encoding as configured: a fixed one, or `auto`. */
export type EncodingSetting = 'auto' | TextEncoding;

/** Bytes read per chunk. Records are built per chunk, so this bounds the records held before a flush. */
const CHUNK_SIZE = 64 * 1024;

export interface FileDigest {
  /** SHA-256 of every byte of the file, hex. */
  sha256: string;
  size: number;
}

export class TextFileReader {
  private encodingInUse: TextEncoding | undefined;
  private digestResult: FileDigest | undefined;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens `path` for reading; a missing file, a folder or a file without permission is an InputError naming the path. */
  static async open(path: string): Promise<TextFileReader> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
      const stats = await handle.stat();
      if (stats.isDirectory()) {
        await handle.close();
        throw new InputError(`${path} is a folder, not a file`, { file: path });
      }
    } catch (error) {
      throw describeOpenError(error, path);
    }
    return new TextFileReader(path, handle);
  }

  /** The encoding the text was decoded with; set once {@link chunks} has started. */
  get encoding(): TextEncoding | undefined {
    return this.encodingInUse;
  }

  /** SHA-256 and size of the file; set once {@link chunks} has read to the end. */
  get digest(): FileDigest | undefined {
    return this.digestResult;
  }

  /**
   * Yields the decoded text chunk by chunk. With `auto`, a byte order mark decides between UTF-8
   * and UTF-16; without one the whole file is checked first and read as UTF-8 when it is valid
   * UTF-8, else as Windows-1252. A byte order mark matching the encoding is not part of the text.
   */
  async *chunks(setting: EncodingSetting): AsyncGenerator<DecodedChunk> {
    const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
    const { encoding, checkValidity } = await this.settleEncoding(setting, buffer);
    this.encodingInUse = encoding;
    const decoder = createChunkDecoder(encoding, checkValidity);
    const hash = createHash('sha256');
    let size = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, CHUNK_SIZE, position);
      if (bytesRead === 0) {
        break;
      }
      position += bytesRead;
      size += bytesRead;
      const bytes = buffer.subarray(0, bytesRead);
      hash.update(bytes);
      yield decoder.decode(bytes);
    }
    const last = decoder.end();
    if (last.text !== '' || last.undecodable) {
      yield last;
    }
    this.digestResult = { sha256: hash.digest('hex'), size };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async settleEncoding(setting: EncodingSetting, buffer: Buffer): Promise<{ encoding: TextEncoding; checkValidity: boolean }> {
    if (setting !== 'auto') {
      return { encoding: setting, checkValidity: true };
    }
    const { bytesRead } = await this.handle.read(buffer, 0, 4, 0);
    const announced = encodingFromByteOrderMark(buffer.subarray(0, bytesRead));
    if (announced !== undefined) {
      return { encoding: announced, checkValidity: true };
    }
    const valid = await this.isValidUtf8(buffer);
    return { encoding: valid ? 'utf-8' : 'windows-1252', checkValidity: false };
  }

  /** Reads the whole file once and returns whether it is valid UTF-8, stopping at the first invalid byte. */
  private async isValidUtf8(buffer: Buffer): Promise<boolean> {
    const validator = new Utf8Validator();
    let position = 0;
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        return validator.end();
      }
      position += bytesRead;
      if (!validator.push(buffer.subarray(0, bytesRead))) {
        return false;
      }
    }
  }
}

function describeOpenError(error: unknown, path: string): unknown {
  if (error instanceof InputError) {
    return error;
  }
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return new InputError(`file not found: ${path}`, { file: path }, { cause: error });
    case 'EISDIR':
      return new InputError(`${path} is a folder, not a file`, { file: path }, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputError(`permission denied reading ${path}`, { file: path }, { cause: error });
    default:
      return error;
  }
}
