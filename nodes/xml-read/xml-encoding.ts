/**
 * Character encodings of XML files. The encoding is detected from the byte order mark, the first
 * bytes, or the `encoding` of the XML declaration. Decoding goes chunk by chunk, so a large file
 * never has to be read whole.
 */
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { InputError } from '../../engine/sdk/index.js';

export const XML_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'iso-8859-1', 'windows-1252'] as const;
export type XmlEncoding = (typeof XML_ENCODINGS)[number];

/** Names an XML declaration may use for each supported encoding, lower case. */
const ENCODING_ALIASES: Record<string, XmlEncoding | 'utf-16'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  // ASCII is a subset of UTF-8, so decoding it as UTF-8 reads every valid ASCII file.
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  l1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

export interface DetectedEncoding {
  encoding: XmlEncoding;
  /** Bytes of the byte order mark at the start of the file, skipped before decoding. */
  bomLength: number;
}

/**
 * Detects the encoding from the first bytes of a file. `head` should hold the XML declaration
 * when there is one; the first chunk of a file stream does.
 */
export function detectXmlEncoding(head: Buffer, file: string): DetectedEncoding {
  const label = basename(file);
  let fromBom: DetectedEncoding | undefined;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    fromBom = { encoding: 'utf-8', bomLength: 3 };
  } else if (head[0] === 0xff && head[1] === 0xfe) {
    fromBom = { encoding: 'utf-16le', bomLength: 2 };
  } else if (head[0] === 0xfe && head[1] === 0xff) {
    fromBom = { encoding: 'utf-16be', bomLength: 2 };
  }

  // Without a byte order mark, `<?` in UTF-16 still shows which byte order the file uses.
  let declarationText: string;
  if (fromBom?.encoding === 'utf-16le' || (fromBom === undefined && head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00)) {
    declarationText = head.subarray(fromBom?.bomLength ?? 0, 400).toString('utf16le');
    fromBom ??= { encoding: 'utf-16le', bomLength: 0 };
  } else if (fromBom?.encoding === 'utf-16be' || (fromBom === undefined && head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f)) {
    declarationText = swapBytes(head.subarray(fromBom?.bomLength ?? 0, 400)).toString('utf16le');
    fromBom ??= { encoding: 'utf-16be', bomLength: 0 };
  } else {
    declarationText = head.subarray(fromBom?.bomLength ?? 0, 200).toString('latin1');
  }

  const declared = declaredEncoding(declarationText);
  if (declared === undefined) {
    return fromBom ?? { encoding: 'utf-8', bomLength: 0 };
  }
  const alias = ENCODING_ALIASES[declared.toLowerCase()];
  if (alias === undefined) {
    throw new InputError(
      `${label} line 1: encoding '${declared}' in the XML declaration is not supported; supported encodings: UTF-8, UTF-16 (with a byte order mark), ISO-8859-1, Windows-1252`,
      { file, line: 1 },
    );
  }
  if (fromBom !== undefined) {
    const compatible = alias === fromBom.encoding || (alias === 'utf-16' && fromBom.encoding !== 'utf-8');
    if (!compatible) {
      throw new InputError(`${label} line 1: the XML declaration declares encoding '${declared}' but the file's first bytes are ${fromBom.encoding.toUpperCase()}`, {
        file,
        line: 1,
      });
    }
    return fromBom;
  }
  if (alias === 'utf-16') {
    throw new InputError(`${label} line 1: the XML declaration declares UTF-16 but the file has no byte order mark and its first bytes are not UTF-16`, {
      file,
      line: 1,
    });
  }
  return { encoding: alias, bomLength: 0 };
}

/** Returns the `encoding` value of an XML declaration at the start of `text`, if it has one. */
function declaredEncoding(text: string): string | undefined {
  const declaration = /^<\?xml\s[^?]*\?>/.exec(text);
  if (declaration === null) {
    return undefined;
  }
  return /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(declaration[0])?.[1];
}

function swapBytes(bytes: Buffer): Buffer {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return swapped.swap16();
}

/** Decodes a file's bytes chunk by chunk; a character split across two chunks is joined. */
export class XmlChunkDecoder {
  private readonly decoder: TextDecoder | undefined;

  constructor(readonly encoding: XmlEncoding) {
    // The WHATWG decoder behind TextDecoder reads 'iso-8859-1' as Windows-1252, so ISO-8859-1 is
    // decoded byte for byte instead, which is exact for it.
    if (encoding !== 'iso-8859-1') {
      this.decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252', ignoreBOM: true });
    }
  }

  /** Decodes the next chunk. Throws a TypeError on bytes that are invalid in the encoding. */
  decode(chunk: Buffer): string {
    return this.decoder === undefined ? chunk.toString('latin1') : this.decoder.decode(chunk, { stream: true });
  }

  /** Returns what is left of a character cut off at the end of the file, or throws a TypeError for it. */
  end(): string {
    return this.decoder === undefined ? '' : this.decoder.decode();
  }
}
