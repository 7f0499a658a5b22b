import { describe, expect, it } from 'vitest';
import { countLineBreaks, decodeEdiBytes } from './decode-text.js';

describe('decodeEdiBytes', () => {
  it('reads UTF-8 with and without byte order mark', () => {
    expect(decodeEdiBytes(Buffer.from('\uFEFFNAD+SE++München', 'utf8'))).toEqual({ text: 'NAD+SE++München', encoding: 'utf-8-bom' });
    expect(decodeEdiBytes(Buffer.from('NAD+SE++München', 'utf8'))).toEqual({ text: 'NAD+SE++München', encoding: 'utf-8' });
  });

  it('falls back to Latin-1 for bytes that are not UTF-8', () => {
    expect(decodeEdiBytes(Buffer.from('NAD+SE++M\u00fcnchen', 'latin1'))).toEqual({ text: 'NAD+SE++München', encoding: 'latin1' });
  });

  it('reads UTF-16 little endian with its byte order mark', () => {
    expect(decodeEdiBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ISA*00', 'utf16le')]))).toEqual({ text: 'ISA*00', encoding: 'utf-16le' });
  });
});

describe('countLineBreaks', () => {
  it('counts CRLF once, even across ranges', () => {
    const text = 'A\r\nB\rC\nD';

    expect(countLineBreaks(text, 0, text.length)).toBe(3);
    expect(countLineBreaks(text, 0, 2) + countLineBreaks(text, 2, text.length)).toBe(3);
  });
});
