import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_CHARACTERS, splitSegment, tokenizeEdifact } from './edifact-tokenizer.js';

const split = (raw: string) => splitSegment(raw, DEFAULT_SERVICE_CHARACTERS);

describe('EDIFACT release character', () => {
  it.each([
    ["FTX+AAI+++IT?'S HERE", "IT'S HERE"],
    ['FTX+AAI+++1?+1=2', '1+1=2'],
    ['FTX+AAI+++RATIO 1?:4', 'RATIO 1:4'],
    ['FTX+AAI+++WHY??', 'WHY?'],
  ])('%s reads as a literal', (raw, expected) => {
    const result = split(raw);

    expect(result.segment.elements[3]).toBe(expected);
    expect(result.warnings).toEqual([]);
  });

  it('keeps a letter after a needless release character and warns', () => {
    const result = split('IFT+3+XYZ ?AVAILABILITY');

    expect(result.segment.elements[1]).toBe('XYZ AVAILABILITY');
    expect(result.warnings).toEqual(["release character '?' before 'A', which is not a service character; read as 'A'"]);
  });

  it('drops a release character at the end of a segment and warns', () => {
    expect(split('FTX+AAI+++END?')).toEqual({ segment: { id: 'FTX', elements: ['AAI', '', '', 'END'] }, warnings: ["release character '?' at the end of the segment has nothing to release; it was dropped"] });
  });

  it('keeps a released terminator inside one segment', () => {
    const result = tokenizeEdifact("UNB+UNOC:3+A+B+261201:0930+1'FTX+AAI+++O?'NEIL'UNZ+0+1'");

    expect(result.segments.map((segment) => segment.id)).toEqual(['UNB', 'FTX', 'UNZ']);
    expect(result.segments[1]!.elements[3]).toBe("O'NEIL");
  });

  it('splits components and keeps empty ones', () => {
    expect(split('NAD+BY+5412345000013::9').segment.elements).toEqual(['BY', ['5412345000013', '', '9']]);
  });
});

describe('tokenizeEdifact', () => {
  it('reads the UNA service characters', () => {
    const result = tokenizeEdifact("UNA=*,# ~UNB*UNOC=3*A*B*261201=0930*1~FTX*AAI***A#*B#~C~UNZ*0*1~");

    expect(result.serviceCharacters).toEqual({ component: '=', element: '*', decimal: ',', release: '#', repetition: '', segment: '~' });
    expect(result.segments[0]).toEqual({ id: 'UNA', elements: ['=*,# ~'], line: 1, filePosition: 1 });
    expect(result.segments[2]!.elements[3]).toBe('A*B~C');
  });

  it('uses the defaults without UNA', () => {
    const result = tokenizeEdifact("UNB+UNOA:2+A+B+261201:0930+1'UNZ+0+1'");

    expect(result.serviceStringAdvice).toBe(false);
    expect(result.serviceCharacters).toEqual(DEFAULT_SERVICE_CHARACTERS);
  });

  it('reads a repetition separator from UNA', () => {
    const result = tokenizeEdifact("UNA:+.?*'UNB+UNOC:4+A+B+261201:0930+1'PIA+1+A:SA*B:BP'");

    expect(result.segments[2]!.elements[1]).toEqual([
      ['A', 'SA'],
      ['B', 'BP'],
    ]);
  });

  it('drops hard wraps, even inside UNA and UNB and after a release character', () => {
    const result = tokenizeEdifact("UNA:+\n.? 'UNB+UNO\nC:3+A+B+2612\n01:0930+1'FTX+AAI+++O?\n'NEIL'UNZ+0\n+1'");
    expect(result.serviceStringAdvice).toBe(true);
    expect(result.segments.map((segment) => segment.elements)).toEqual([[":+.? '"], [['UNOC', '3'], 'A', 'B', ['261201', '0930'], '1'], ['AAI', '', '', "O'NEIL"], ['0', '1']]);
  });

  it('reads line breaks as terminators when the file has no terminator', () => {
    const result = tokenizeEdifact('UNB+UNOA:1+A+B+261201:0930+1\nUNH+1+ORDERS:D:96A:UN\nBGM+220+PO-1\nUNT+3+1\nUNZ+1+1\n');

    expect(result.segments.map((segment) => [segment.id, segment.line])).toEqual([
      ['UNB', 1],
      ['UNH', 2],
      ['BGM', 3],
      ['UNT', 4],
      ['UNZ', 5],
    ]);
    expect(result.segments.every((segment) => segment.warnings === undefined)).toBe(true);
  });

  it('reads indented segments one per line and warns about a missing terminator', () => {
    const result = tokenizeEdifact("UNA:+.? '\r\nUNB+UNOC:3+A+B+261201:0930+1'\r\n    UNH+1+INVOIC:D:96A:UN'\r\n\tBGM+380+INV-1\r\n\t\tDTM+137:20261201:102'\r\n");

    expect(result.segments.map((segment) => [segment.id, segment.line])).toEqual([
      ['UNA', 1],
      ['UNB', 2],
      ['UNH', 3],
      ['BGM', 4],
      ['DTM', 5],
    ]);
    expect(result.segments[3]!.warnings).toEqual(["line 4: segment has no terminator ''' before the line break; the line break ends it"]);
  });

  it('switches characters at each UNA of a concatenated file', () => {
    const first = "UNA:+.? 'UNB+UNOC:3+A+B+261201:0930+1'FTX+AAI+++A*B'UNZ+0+1'";
    const second = "\uFEFFUNA=*,# ~UNB*UNOC=3*A*B*261201=0930*2~FTX*AAI***C+D~UNZ*0*2~";
    const result = tokenizeEdifact(`${first}\n${second}`);

    expect(result.segments.map((segment) => segment.id)).toEqual(['UNA', 'UNB', 'FTX', 'UNZ', 'UNA', 'UNB', 'FTX', 'UNZ']);
    expect(result.segments[6]!.elements[3]).toBe('C+D');
    expect(result.serviceCharacters.element).toBe('+');
  });

  it('uses * for repetitions under syntax version 4 without UNA', () => {
    const result = tokenizeEdifact("UNB+UNOC:4+A+B+20261201:0930+1'PIA+1+A:SA*B:BP'UNZ+0+1'");

    expect(result.serviceCharacters.repetition).toBe('*');
    expect(result.segments[1]!.elements[1]).toEqual([
      ['A', 'SA'],
      ['B', 'BP'],
    ]);
  });

  it('rejects TRADACOMS, X12 and other files', () => {
    expect(tokenizeEdifact('STX=ANA:1+A+B').issues[0]!.rule).toBe('tradacoms-not-supported');
    expect(tokenizeEdifact('ISA*00*').issues[0]!.message).toBe('the file starts with ISA, so it is X12, not EDIFACT; read it with x12.read');
    expect(tokenizeEdifact('UNA:+').issues[0]!.message).toBe('UNA at line 1 is cut short: it needs six service characters');
  });
});
