import { describe, expect, it } from 'vitest';
import { tokenizeX12 } from './x12-tokenizer.js';

const ISA = 'ISA*00*          *00*          *ZZ*NWSUPPLY       *ZZ*ACMETOOLS      *261201*0930*^*00501*000000101*0*T*>';

function ids(text: string): string[] {
  return tokenizeX12(text).segments.map((segment) => segment.id);
}

describe('tokenizeX12', () => {
  it('splits a stream and numbers lines', () => {
    const result = tokenizeX12(`${ISA}~GS*PO*A*B~ST*850*0001~SE*2*0001~GE*1*1~IEA*1*000000101~`);

    expect(result.segments.map((segment) => segment.id)).toEqual(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA']);
    expect(result.segments.map((segment) => segment.line)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(result.issues).toEqual([]);
  });

  it('drops hard wraps inside elements of a stream', () => {
    const result = tokenizeX12(`${ISA}~GS*PO*A*B~ST*85\n0*00\r\n01~N1*ST*NORTH\nWIND~`);

    expect(result.segments[2]).toMatchObject({ id: 'ST', elements: ['850', '0001'], line: 1 });
    expect(result.segments[3]).toMatchObject({ id: 'N1', elements: ['ST', 'NORTHWIND'], line: 3 });
  });

  it('reads one segment per line with CRLF and indentation', () => {
    const result = tokenizeX12(`\uFEFF`.slice(1) + `  ${ISA}~\r\n\tGS*PO*A*B~\r\n\t\tST*850*0001~\r\n    BEG*00*SA*PO1**20261201~\r\n`);

    expect(result.segments.map((segment) => [segment.id, segment.line])).toEqual([
      ['ISA', 1],
      ['GS', 2],
      ['ST', 3],
      ['BEG', 4],
    ]);
  });

  it('ends a line without terminator at the next segment', () => {
    const result = tokenizeX12(`${ISA}~\nGS*PO*A*B~\nDTM*002*20261215\nPO1*1*2*EA~\n`);

    expect(result.segments[2]).toMatchObject({ id: 'DTM', elements: ['002', '20261215'], warnings: ["line 3: segment has no terminator '~' before the line break; the line break ends it"] });
    expect(result.segments[3]).toMatchObject({ id: 'PO1', elements: ['1', '2', 'EA'] });
  });

  it('reads a stray terminator look-alike as terminator', () => {
    const result = tokenizeX12(`${ISA.replace('*>', '*{')}$\nN1*SU*ABC INC~\n\nN3*1 MAIN ST~\nN4*X$\n`);

    expect(result.segments.map((segment) => segment.elements[0])).toEqual([expect.any(String), 'SU', '1 MAIN ST', 'X']);
    expect(result.segments[1]!.warnings).toEqual(["line 2: segment ends with '~' instead of the terminator '$'; read '~' as the terminator"]);
  });

  it('joins a continuation line to its segment', () => {
    const result = tokenizeX12(`${ISA}\nMSG*FIRST HALF OF\n a long note\nSE*2*1\n`);

    expect(result.segments[1]).toEqual({ id: 'MSG', elements: ['FIRST HALF OF a long note'], line: 2, filePosition: 2 });
  });

  it('splits components and repetitions', () => {
    const result = tokenizeX12(`${ISA}~SLN*1**I*10*PC>11.1>EA~AK4*8*66*7*A:B^C~`);

    expect(result.segments[1]!.elements[4]).toEqual(['PC', '11.1', 'EA']);
    expect(result.segments[2]!.elements[3]).toEqual([['A:B'], ['C']]);
  });

  it('keeps the ISA elements as written', () => {
    const result = tokenizeX12(`${ISA}~`);

    expect(result.segments[0]!.elements[15]).toBe('>');
    expect(result.segments[0]!.elements[1]).toBe('          ');
  });

  it('switches separators at each ISA', () => {
    const second = 'ISA|00|          |00|          |ZZ|A              |ZZ|B              |261201|0930|U|00401|000000002|0|T|{!';
    const text = `${ISA}~GS*PO*A*B~GE*0*1~IEA*1*000000101~\n${second}GS|IN|A|B!GE|0|2!IEA|1|000000002!`;

    expect(ids(text)).toEqual(['ISA', 'GS', 'GE', 'IEA', 'ISA', 'GS', 'GE', 'IEA']);
    expect(tokenizeX12(text).segments[5]!.elements).toEqual(['IN', 'A', 'B']);
  });

  it('skips byte order marks between concatenated interchanges', () => {
    const interchange = `${ISA}~GS*PO*A*B~GE*0*1~IEA*1*000000101~\n`;

    expect(ids(`${interchange}\uFEFF${interchange}`)).toEqual(['ISA', 'GS', 'GE', 'IEA', 'ISA', 'GS', 'GE', 'IEA']);
  });

  it('warns about a last segment without terminator', () => {
    const result = tokenizeX12(`${ISA}~IEA*1*000000101`);

    expect(result.segments[1]!.warnings).toEqual(["line 1: the last segment has no terminator '~' before the end of the file"]);
  });

  it('names EDIFACT, TRADACOMS and other files', () => {
    expect(tokenizeX12("UNA:+.? 'UNB+UNOC:3'").issues[0]!.message).toBe('the file starts with UNA, so it is EDIFACT, not X12; read it with edifact.read');
    expect(tokenizeX12('STX=ANA:1+').issues[0]!.message).toBe('the file starts with STX=, so it is TRADACOMS, not X12; Flowmason does not read TRADACOMS');
    expect(tokenizeX12('').issues[0]!.message).toBe('the file is empty; an X12 interchange starts with an ISA segment');
    expect(tokenizeX12('\n\nhello,world\n').issues[0]).toEqual({
      severity: 'error',
      level: 'file',
      rule: 'not-x12',
      message: "the file starts with 'hello,worl' instead of an ISA segment, so it is not an X12 interchange",
      line: 3,
    });
  });

  it('reports an unreadable ISA header with its line', () => {
    const result = tokenizeX12(`${ISA}~IEA*1*1~\n\nISA*00*`);

    expect(result.issues).toEqual([
      { severity: 'error', level: 'file', rule: 'isa-header', message: 'ISA header at line 3 cannot be read: the ISA segment ends after 1 of its 16 elements', line: 3 },
    ]);
  });
});
