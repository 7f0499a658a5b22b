/**
 * Decides which reader a file needs, the way a person glancing at it would. The first characters
 * decide when they can: `ISA` is X12, `UNA` or `UNB` is EDIFACT, `STX=` is TRADACOMS, `<` is XML,
 * `[` or `{` is JSON. Otherwise the file name's extension decides (`.x12`, `.edi`, `.edifact`,
 * `.xml`, `.json`, `.jsonl`, `.csv`), and anything else is read as CSV.
 */
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';

/** The formats Flowmason has a reader for. */
export const PREVIEW_FORMATS = ['x12', 'edifact', 'csv', 'json', 'xml'] as const;
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number];

/** The formats a file can be recognised as: the readable ones, and TRADACOMS, which has no reader. */
export type DetectedFormat = PreviewFormat | 'tradacoms';

/** Source of the format: the first characters, the file name's extension, or neither (CSV). */
export type FormatSource = 'content' | 'extension' | 'default';

export interface FormatDetection {
  format: DetectedFormat;
  source: FormatSource;
}

export interface FileInspection extends FormatDetection {
  /** True when the file has no content: no bytes, or only blanks and line breaks. */
  blank: boolean;
  size: number;
}

/** Bytes read to decide; enough for a byte order mark, blank lines and the first tag. */
const HEAD_BYTES = 4096;

/** Blanks that may come before the first meaningful character: whitespace, NBSP and a stray U+FEFF. */
const LEADING_BLANKS = /^[\s\u00a0\ufeff]+/;

/** Formats named by a file extension. `.edi` is either EDI format, so its content decides. */
const EXTENSION_FORMATS: Readonly<Record<string, PreviewFormat>> = {
  '.x12': 'x12',
  '.edifact': 'edifact',
  '.xml': 'xml',
  '.json': 'json',
  '.jsonl': 'json',
  '.csv': 'csv',
};

/** Reads the first bytes of a file and returns its format and whether it is blank. Throws the file system's error when it cannot be read. */
export async function inspectFile(path: string): Promise<FileInspection> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    const blank = bytesRead === size && decodeHead(head).replace(LEADING_BLANKS, '') === '';
    return { ...detectFormat(head, basename(path)), blank, size };
  } finally {
    await handle.close();
  }
}

/** Returns the format of content that starts with `head`, in a file named `fileName`. */
export function detectFormat(head: Uint8Array, fileName = ''): FormatDetection {
  const text = decodeHead(head).replace(LEADING_BLANKS, '');
  const fromContent = formatFromContent(text);
  if (fromContent !== undefined) {
    return { format: fromContent, source: 'content' };
  }
  const extension = extname(fileName).toLowerCase();
  if (extension === '.edi') {
    // An EDIFACT interchange may start with junk before UNB; X12 is the usual other case.
    return { format: /UN[AB][^A-Za-z0-9\s]|UNH\+/.test(text) ? 'edifact' : 'x12', source: 'extension' };
  }
  const fromExtension = EXTENSION_FORMATS[extension];
  if (fromExtension !== undefined) {
    return { format: fromExtension, source: 'extension' };
  }
  return { format: 'csv', source: 'default' };
}

function formatFromContent(text: string): DetectedFormat | undefined {
  if (text.startsWith('ISA')) {
    return 'x12';
  }
  if (text.startsWith('UNA') || text.startsWith('UNB')) {
    return 'edifact';
  }
  if (text.startsWith('STX=')) {
    return 'tradacoms';
  }
  const first = text.charAt(0);
  if (first === '<') {
    return 'xml';
  }
  if (first === '[' || first === '{') {
    return 'json';
  }
  return undefined;
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
