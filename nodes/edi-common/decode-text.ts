/**
 * Turns the bytes of an EDI file into text. Trading partners send UTF-8 with or without a byte
 * order mark, sometimes Latin-1 or Windows-1252, and now and then UTF-16; the readers work on
 * text and report which encoding they used.
 */

/** Encodings the readers recognise, as reported in a read result. */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `bytes`: a byte order mark decides when there is one, valid UTF-8 is read as UTF-8,
 * and anything else as Latin-1, which maps every byte to a character and so never fails.
 */
export function decodeEdiBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8OrLatin1(bytes.subarray(3)).text, encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  return decodeUtf8OrLatin1(bytes);
}

function decodeUtf8OrLatin1(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}

/** Drops a leading U+FEFF, which text decoded elsewhere may still carry. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** True for CR and LF. */
export function isLineBreak(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

/**
 * True for the blanks that may indent a segment: space, tab, NBSP, line breaks, and U+FEFF, which
 * files concatenated from several UTF-8 files with byte order marks carry between interchanges.
 */
export function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\u00a0' || char === '\n' || char === '\r' || char === '\f' || char === '\v' || char === '\ufeff';
}

/**
 * Counts line breaks in `text` between `from` and `to`, treating CRLF as one break.
 * Readers call it on consecutive ranges, so the whole file is scanned once.
 */
export function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) {
      count++;
    } else if (code === 13 && text.charCodeAt(index + 1) !== 10) {
      count++;
    }
  }
  return count;
}
