import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChunkDecoder, type DecodedChunk } from './text-decoding.js';
import { TextFileReader } from './text-file-reader.js';
import { Utf8Validator } from './utf8-validator.js';
import { decodeWindows1252, encodeWindows1252, findUnencodableCharacter } from './windows-1252.js';

function decodeInPieces(encoding: Parameters<typeof createChunkDecoder>[0], bytes: Buffer, cut: number): DecodedChunk[] {
  const decoder = createChunkDecoder(encoding, true);
  return [decoder.decode(bytes.subarray(0, cut)), decoder.decode(bytes.subarray(cut)), decoder.end()];
}

describe('Utf8Validator', () => {
  const text = Buffer.from('aé€😀z', 'utf8');

  it('accepts sequences split at any byte', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const validator = new Utf8Validator();
      expect([validator.push(text.subarray(0, cut)), validator.push(text.subarray(cut)), validator.end()]).toEqual([true, true, true]);
    }
  });

  it('rejects an invalid byte', () => {
    expect(new Utf8Validator().push(Buffer.from([0x61, 0xe9, 0x62]))).toBe(false);
  });

  it('rejects a sequence cut short by the end', () => {
    const validator = new Utf8Validator();
    expect(validator.push(Buffer.from([0x61, 0xe2, 0x82]))).toBe(true);
    expect(validator.end()).toBe(false);
  });
});

describe('createChunkDecoder', () => {
  it('decodes UTF-16LE split inside a code unit and a surrogate pair', () => {
    const bytes = Buffer.from('a😀b', 'utf16le');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const chunks = decodeInPieces('utf-16le', bytes, cut);
      expect(chunks.map((chunk) => chunk.text).join('')).toBe('a😀b');
      expect(chunks.some((chunk) => chunk.undecodable)).toBe(false);
    }
  });

  it('flags a lone surrogate in UTF-16BE', () => {
    const bytes = Buffer.from([0x00, 0x61, 0xd8, 0x00, 0x00, 0x62]);
    const chunks = decodeInPieces('utf-16be', bytes, 6);
    expect(chunks[0]).toEqual({ text: 'a\uFFFDb', undecodable: true });
  });

  it('flags undecodable UTF-8 in the chunk where the bad sequence ends', () => {
    const chunks = decodeInPieces('utf-8', Buffer.from([0x61, 0xe2, 0x82, 0x62]), 2);
    expect(chunks.map((chunk) => chunk.undecodable)).toEqual([false, true, false]);
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('a\uFFFDb');
  });
});

describe('windows-1252', () => {
  const allBytes = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));

  it('decodes the bytes that differ from ISO-8859-1', () => {
    const text = decodeWindows1252(Buffer.from([0x80, 0x81, 0x84, 0x8a, 0x92, 0x96, 0x9f, 0xe4]));
    expect(text).toBe('€\u0081„Š’–Ÿä');
  });

  it('encodes every decoded byte back to itself', () => {
    expect(encodeWindows1252(decodeWindows1252(allBytes)).equals(allBytes)).toBe(true);
  });

  it('finds characters it cannot encode', () => {
    expect(findUnencodableCharacter('Straße – 5 €')).toBeUndefined();
    expect(findUnencodableCharacter('ok ✓ and ő')).toBe('✓');
    expect(findUnencodableCharacter('emoji 😀')).toBe('😀');
    expect(findUnencodableCharacter('\u0085')).toBe('\u0085');
  });
});

describe('TextFileReader', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-text-reader-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function readAll(bytes: Buffer): Promise<{ text: string; encoding: string | undefined }> {
    const path = join(folder, 'input.txt');
    await writeFile(path, bytes);
    const reader = await TextFileReader.open(path);
    let text = '';
    try {
      for await (const chunk of reader.chunks('auto')) {
        text += chunk.text;
      }
    } finally {
      await reader.close();
    }
    return { text, encoding: reader.encoding };
  }

  it.each([
    ['UTF-8 without a byte order mark', Buffer.from('Grüße', 'utf8'), 'utf-8'],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße', 'utf8')]), 'utf-8'],
    ['UTF-16LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]), 'utf-16le'],
    ['UTF-16BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Grüße', 'utf16le').swap16()]), 'utf-16be'],
    ['Windows-1252', Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]), 'windows-1252'],
  ])('detects %s', async (_label, bytes, encoding) => {
    expect(await readAll(bytes)).toEqual({ text: 'Grüße', encoding });
  });

  it('rejects a folder', async () => {
    await expect(TextFileReader.open(folder)).rejects.toThrow(`${folder} is a folder, not a file`);
  });
});
