/**
 * Decides which reader a file needs from its first characters, the way a person glancing at it
 * would: `ISA` is X12, `UNA` or `UNB` is EDIFACT, `<` is XML, `[` or `{` is JSON, and anything
 * else is read as CSV.
 */
import { open } from 'node:fs/promises';

export const PREVIEW_FORMATS = ['x12', 'edifact', 'csv', 'json', 'xml'] as const;
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/** Bytes read to decide; enough for a byte order mark, blank lines and the first tag. */
const HEAD_BYTES = 4096;

/** Blanks that may come before the first meaningful character: whitespace, NBSP and a stray U+FEFF. */
const LEADING_BLANKS = /^[\s\u00a0\ufeff]+/;

/**
 * Returns the format of a file from its first bytes. A TRADACOMS file (`STX=`) counts as EDIFACT,
 * because the EDIFACT reader recognises it and rejects it with a message naming TRADACOMS.
 * Throws the file system's error when the file cannot be read.
 */
export async function detectFileFormat(path: string): Promise<PreviewFormat> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return detectFormat(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Returns the format of content that starts with `head`. */
export function detectFormat(head: Uint8Array): PreviewFormat {
  const text = decodeHead(head).replace(LEADING_BLANKS, '');
  if (text.startsWith('ISA')) {
    return 'x12';
  }
  if (text.startsWith('UNA') || text.startsWith('UNB') || text.startsWith('STX=')) {
    return 'edifact';
  }
  const first = text.charAt(0);
  if (first === '<') {
    return 'xml';
  }
  if (first === '[' || first === '{') {
    return 'json';
  }
  return 'csv';
}

/**
 * Decodes the first bytes for the prefix checks: UTF-16 by its byte order mark, everything else
 * as UTF-8. Bytes that are not UTF-8 become U+FFFD, which leaves the ASCII the checks look for.
 */
function decodeHead(head: Uint8Array): string {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return bytes.subarray(2).toString('utf16le');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2);
    const swapped = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  return bytes.toString('utf8');
}
