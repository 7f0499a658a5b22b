/**
 * Reads a text file as a stream of decoded chunks for the file readers. It settles the encoding
 * first (a byte order mark, else a UTF-8 validity pass over the whole file), then hashes the
 * bytes while it decodes them, so the trigger input costs no extra pass.
 */
import { isAscii } from 'node:buffer';
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
   * and UTF-16. Without one the whole file is checked first: it is read as UTF-8 when it is valid
   * UTF-8, or when its valid multi-byte sequences outnumber its invalid bytes (which then fail
   * their rows), else as Windows-1252. A byte order mark matching the encoding is not part of the text.
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
    const { sequences, invalid } = await this.countUtf8(buffer);
    if (invalid === 0) {
      return { encoding: 'utf-8', checkValidity: false };
    }
    // Mostly UTF-8 with a few broken bytes: read as UTF-8 so the broken bytes are errors on their
    // lines, instead of turning every other non-ASCII character of the file into mojibake.
    return sequences > invalid ? { encoding: 'utf-8', checkValidity: true } : { encoding: 'windows-1252', checkValidity: false };
  }

  /**
   * Reads the whole file once and counts its valid multi-byte UTF-8 sequences and its bytes that
   * are not valid UTF-8. Chunks that are valid UTF-8 are checked natively and counted only when
   * they are not plain ASCII.
   */
  private async countUtf8(buffer: Buffer): Promise<Utf8Counts> {
    const validator = new Utf8Validator();
    const counts: Utf8Counts = { sequences: 0, invalid: 0 };
    let position = 0;
    for (;;) {
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        if (!validator.end()) {
          counts.invalid++;
        }
        return counts;
      }
      position += bytesRead;
      const bytes = buffer.subarray(0, bytesRead);
      if (!validator.push(bytes) || !isAscii(bytes)) {
        countUtf8Sequences(bytes, counts);
      }
    }
  }
}

interface Utf8Counts {
  /** Valid multi-byte sequences, such as the two bytes of 'é'. */
  sequences: number;
  /** Bytes that start no valid sequence. */
  invalid: number;
}

/**
 * Adds the valid multi-byte sequences and the invalid bytes of `bytes` to `counts`. A sequence cut
 * by the end of the chunk counts as invalid; this is an estimate for choosing an encoding.
 */
function countUtf8Sequences(bytes: Uint8Array, counts: Utf8Counts): void {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
    }
    let valid = length > 0 && index + length <= bytes.length;
    for (let offset = 1; valid && offset < length; offset++) {
      valid = ((bytes[index + offset] as number) & 0xc0) === 0x80;
    }
    if (valid) {
      counts.sequences++;
      index += length;
    } else {
      counts.invalid++;
      index++;
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
