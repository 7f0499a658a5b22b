import { describe, expect, it } from 'vitest';
import { readIsaHeader } from './x12-header.js';

const PADDED = 'ISA*00*          *00*          *ZZ*NWSUPPLY       *ZZ*ACMETOOLS      *261201*0930*^*00501*000000101*0*T*>';

function header(text: string) {
  const result = readIsaHeader(text, 0);
  if ('problem' in result) {
    throw new Error(result.problem);
  }
  return result.header;
}

describe('readIsaHeader', () => {
  it('reads separators of a fixed-width header', () => {
    const found = header(`${PADDED}~\nGS*PO~`);

    expect(found.separators).toEqual({ element: '*', component: '>', repetition: '^', segment: '~' });
    expect(found.layout).toBe('segment-per-line');
    expect(found.elements[5]).toBe('NWSUPPLY       ');
    expect(found.elements).toHaveLength(16);
  });

  it('treats ISA11 U as no repetition separator', () => {
    const found = header(`${PADDED.replace('*^*00501', '*U*00401')}~GS*PO~`);

    expect(found.separators.repetition).toBe('');
    expect(found.layout).toBe('stream');
  });

  it('reads a line break used as terminator', () => {
    const found = header(`${PADDED}\nGS*PO*A*B\n`);

    expect(found.separators.segment).toBe('\n');
    expect(found.layout).toBe('line-terminated');
  });

  it('reads an empty ISA16 followed by the terminator', () => {
    const withBreak = header(`${PADDED.slice(0, -1)}~\nGS*PO*A*B~\n`);
    const stream = header(`${PADDED.slice(0, -1)}~GS*PO*A*B~`);

    expect(withBreak.separators).toEqual({ element: '*', component: '', repetition: '^', segment: '~' });
    expect(stream.separators).toEqual({ element: '*', component: '', repetition: '^', segment: '~' });
  });

  it('reads an ellipsis terminator', () => {
    expect(header(`${PADDED}\u2026\nGS*PO\u2026`).separators.segment).toBe('\u2026');
  });

  it('reads a header wrapped mid-field', () => {
    const wrapped = PADDED.replace('*0930*', '*09\n30*').replace('*ZZ*ACME', '\r\n*ZZ*ACME');
    const found = header(`${wrapped}\nGS*PO\n`);

    expect(found.elements[9]).toBe('0930');
    expect(found.elements[6]).toBe('ZZ');
    expect(found.wrappedLines).toBe(2);
    expect(found.separators.segment).toBe('\n');
  });

  it('reads unpadded and NBSP-padded fields', () => {
    const unpadded = header('ISA|00| |00| |ZZ|ABC|ZZ|DEF|261201|0930|U|00401|1|0|P|{!GS|PO!');
    const nbsp = header(`ISA*00*\u00a0\u00a0*00*\u00a0\u00a0*01*000123456\u00a0\u00a0*ZZ*P\u00a0*261201*0930*U*00401*000000055*0*T*>~GS*PO~`);

    expect(unpadded.separators).toEqual({ element: '|', component: '{', repetition: '', segment: '!' });
    expect(unpadded.elements[5]).toBe('ABC');
    expect(nbsp.elements[5]).toBe('000123456\u00a0\u00a0');
  });

  it('rejects a letter as element separator', () => {
    expect(readIsaHeader('ISAX00', 0)).toEqual({ problem: "the character after ISA is 'X'; an element separator must not be a letter, digit, blank or line break" });
  });

  it('rejects a header cut short', () => {
    expect(readIsaHeader('ISA*00*          *00*', 0)).toEqual({ problem: 'the ISA segment ends after 3 of its 16 elements' });
  });
});
