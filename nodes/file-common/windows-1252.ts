/**
 * Windows-1252 decoding and encoding. Windows-1252 is ISO-8859-1 except for bytes 0x80 to 0x9F,
 * which are printable characters ('€', '–', curly quotes). Node's Buffer has no Windows-1252
 * codec. Node's TextDecoder('windows-1252') decodes those 32 bytes as ISO-8859-1 in Node 20.18.3
 * and later (checked on 20.20.2). So the table below, from index-windows-1252 of the WHATWG
 * Encoding Standard, does the work on top of Buffer's latin1 codec.
 */
import { InternalError } from '../../engine/sdk/index.js';

/**
 * Characters of bytes 0x80 to 0x9F, in byte order. The five bytes the standard leaves as control
 * characters (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the code point of the same number.
 */
const HIGH_RANGE_CHARACTERS =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** Code point of each character of {@link HIGH_RANGE_CHARACTERS} to its byte. */
const HIGH_RANGE_BYTES = new Map<number, number>(Array.from(HIGH_RANGE_CHARACTERS, (character, offset) => [character.charCodeAt(0), 0x80 + offset]));

/** A character that ISO-8859-1 decoding produced from a byte 0x80 to 0x9F. */
const HIGH_RANGE_LATIN1 = /[\x80-\x9f]/;
const HIGH_RANGE_LATIN1_ALL = /[\x80-\x9f]/g;

/** A character that is not encoded as its own code point: it needs the table, or cannot be encoded. */
const NEEDS_TABLE = /[^\x00-\x7f\xa0-\xff]/;

/** Decodes Windows-1252 bytes. Every byte has a character, so nothing is undecodable. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!HIGH_RANGE_LATIN1.test(latin1)) {
    return latin1;
  }
  return latin1.replace(HIGH_RANGE_LATIN1_ALL, (character) => HIGH_RANGE_CHARACTERS[character.charCodeAt(0) - 0x80] as string);
}

/** Returns the first character of `text` that Windows-1252 cannot encode, or undefined when it can encode all. */
export function findUnencodableCharacter(text: string): string | undefined {
  if (!NEEDS_TABLE.test(text)) {
    return undefined;
  }
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (!(code < 0x80 || (code >= 0xa0 && code <= 0xff) || HIGH_RANGE_BYTES.has(code))) {
      return character;
    }
  }
  return undefined;
}

/** Encodes text that {@link findUnencodableCharacter} accepted. */
export function encodeWindows1252(text: string): Buffer {
  if (!NEEDS_TABLE.test(text)) {
    return Buffer.from(text, 'latin1');
  }
  const bytes = Buffer.allocUnsafe(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : HIGH_RANGE_BYTES.get(code);
    if (byte === undefined) {
      throw new InternalError(`character ${describeCodePoint(code)} reached the Windows-1252 encoder unchecked`);
    }
    bytes[index] = byte;
  }
  return bytes;
}

/** Describes a character for messages: `'✓' (U+2713)`. */
export function describeCharacter(character: string): string {
  return `'${character}' (${describeCodePoint(character.codePointAt(0) as number)})`;
}

function describeCodePoint(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
