/**
 * Turns file bytes into text, chunk by chunk, and reports which chunks contained bytes the
 * encoding cannot decode. Readers mark the records built from such chunks instead of passing on text
 * with silent replacement characters.
 */
import { TextDecoder } from 'node:util';
import { Utf8Validator } from './utf8-validator.js';
import { decodeWindows1252 } from './windows-1252.js';

/** Encodings the file readers accept. `latin1` is ISO-8859-1: every byte is the code point of the same number. */
export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** Decoded text of one chunk. */
export interface DecodedChunk {
  text: string;
  /**
   * True when the chunk held bytes that are not valid in the encoding; each became U+FFFD in
   * `text`. A sequence cut by the chunk boundary counts for the chunk where it ends.
   */
  undecodable: boolean;
}

export interface ChunkDecoder {
  decode(bytes: Uint8Array): DecodedChunk;
  /** Returns what the decoder held back, at the end of the input. */
  end(): DecodedChunk;
}

/** Returns the encoding a byte order mark at the start of `bytes` announces, if there is one. */
export function encodingFromByteOrderMark(bytes: Uint8Array): TextEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return 'utf-8';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return 'utf-16le';
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return 'utf-16be';
  }
  return undefined;
}

/**
 * Creates a streaming decoder. A byte order mark of the same encoding at the start is dropped.
 * @param checkValidity false when the bytes are already known to be valid (a pre-pass checked
 *   them), which spares the per-chunk check.
 */
export function createChunkDecoder(encoding: TextEncoding, checkValidity: boolean): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8ChunkDecoder(checkValidity);
    case 'utf-16le':
    case 'utf-16be':
      return new Utf16ChunkDecoder(encoding, checkValidity);
    case 'windows-1252':
      return new SingleByteChunkDecoder(decodeWindows1252);
    case 'latin1':
      return new SingleByteChunkDecoder(decodeLatin1);
  }
}

class Utf8ChunkDecoder implements ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly validator: Utf8Validator | undefined;

  constructor(checkValidity: boolean) {
    this.validator = checkValidity ? new Utf8Validator() : undefined;
  }

  decode(bytes: Uint8Array): DecodedChunk {
    const undecodable = this.validator !== undefined && !this.validator.push(bytes);
    return { text: this.decoder.decode(bytes, { stream: true }), undecodable };
  }

  end(): DecodedChunk {
    const undecodable = this.validator !== undefined && !this.validator.end();
    return { text: this.decoder.decode(), undecodable };
  }
}

/**
 * UTF-16 decoding. A lenient decoder produces the text. When validity matters, a fatal decoder
 * runs beside it, because only the fatal one can distinguish a lone surrogate from a real U+FFFD.
 */
class Utf16ChunkDecoder implements ChunkDecoder {
  private readonly decoder: TextDecoder;
  private strict: TextDecoder | undefined;

  constructor(
    private readonly encoding: 'utf-16le' | 'utf-16be',
    checkValidity: boolean,
  ) {
    this.decoder = new TextDecoder(encoding);
    this.strict = checkValidity ? new TextDecoder(encoding, { fatal: true }) : undefined;
  }

  decode(bytes: Uint8Array): DecodedChunk {
    return { text: this.decoder.decode(bytes, { stream: true }), undecodable: this.checkStrict(bytes, true) };
  }

  end(): DecodedChunk {
    return { text: this.decoder.decode(), undecodable: this.checkStrict(undefined, false) };
  }

  private checkStrict(bytes: Uint8Array | undefined, stream: boolean): boolean {
    if (this.strict === undefined) {
      return false;
    }
    try {
      this.strict.decode(bytes, { stream });
      return false;
    } catch {
      // A fatal decoder is unusable after an error; the next chunk starts with a fresh one.
      this.strict = new TextDecoder(this.encoding, { fatal: true, ignoreBOM: true });
      return true;
    }
  }
}

/** Windows-1252 maps every byte to a character, and so does ISO-8859-1: nothing is undecodable. */
class SingleByteChunkDecoder implements ChunkDecoder {
  constructor(private readonly decodeBytes: (bytes: Uint8Array) => string) {}

  decode(bytes: Uint8Array): DecodedChunk {
    return { text: this.decodeBytes(bytes), undecodable: false };
  }

  end(): DecodedChunk {
    return { text: '', undecodable: false };
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
