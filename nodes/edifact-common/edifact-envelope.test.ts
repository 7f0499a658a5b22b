import { describe, expect, it } from 'vitest';
import { readEdifactText } from './edifact-reader.js';

const UNB = "UNB+UNOC:3+5412345000013:14+4012345000009:14+261201:0930+REF42'";
const message = (reference: string, count = 3, trailerReference = reference): string => `UNH+${reference}+ORDERS:D:96A:UN'BGM+220+PO-${reference}'UNT+${count}+${trailerReference}'`;

describe('EDIFACT control checks', () => {
  it('accepts matching counts and references', () => {
    const result = readEdifactText(`${UNB}${message('1')}${message('2')}UNZ+2+REF42'`);

    expect(result.records.map((record) => record.errors)).toEqual([[], []]);
    expect(result.records.map((record) => record.key)).toEqual(['PO-1', 'PO-2']);
    expect(result.records[0]!.data.interchange).toEqual({
      syntax: { identifier: 'UNOC', version: '3' },
      sender: { id: '5412345000013', qualifier: '14' },
      recipient: { id: '4012345000009', qualifier: '14' },
      date: '261201',
      time: '0930',
      controlReference: 'REF42',
    });
  });

  it('fails only the message whose UNT is wrong', () => {
    const result = readEdifactText(`${UNB}${message('1')}${message('2', 5, '9')}UNZ+2+REF42'`);

    expect(result.records[0]!.errors).toEqual([]);
    expect(result.records[1]!.errors.map((error) => [error.rule, error.element, error.segmentPosition, error.message])).toEqual([
      ['message-segment-count', 'UNT01', 3, "UNT01 is '5' but the message has 3 segments from UNH to UNT"],
      ['message-reference', 'UNT02', 3, "UNT02 '9' does not match UNH01 '2'"],
    ]);
  });

  it('counts groups in UNZ when UNG is used, and checks UNE', () => {
    const result = readEdifactText(
      `${UNB}UNG+ORDERS+A+B+261201:0930+G1+UN+D:96A'${message('1')}UNE+2+G9'UNG+ORDERS+A+B+261201:0930+G2+UN+D:96A'${message('2')}UNE+1+G2'UNZ+2+REF42'`,
    );

    expect(result.groupCount).toBe(2);
    expect(result.records.map((record) => record.errors.map((error) => error.rule))).toEqual([['group-message-count', 'group-reference'], []]);
    expect(result.records[1]!.data.group).toEqual({
      functionalGroupId: 'ORDERS',
      sender: { id: 'A' },
      recipient: { id: 'B' },
      date: '261201',
      time: '0930',
      reference: 'G2',
      agency: 'UN',
      version: 'D:96A',
    });
  });

  it('fails every message of an interchange whose UNZ is wrong', () => {
    const result = readEdifactText(`${UNB}${message('1')}${message('2')}UNZ+3+REF43'`);

    expect(result.records.map((record) => record.errors.map((error) => error.message))).toEqual([
      ["UNZ01 is '3' but interchange REF42 has 2 messages", "UNZ02 'REF43' does not match UNB05 'REF42'"],
      ["UNZ01 is '3' but interchange REF42 has 2 messages", "UNZ02 'REF43' does not match UNB05 'REF42'"],
    ]);
  });

  it('rejects a malformed segment tag', () => {
    const result = readEdifactText(`${UNB}UNH+1+ORDERS:D:96A:UN'BGM+220+PO-1'Qty+21:4'UNT+4+1'UNZ+1+REF42'`);

    expect(result.records[0]!.errors.map((error) => [error.rule, error.segmentPosition, error.message])).toEqual([
      ['segment-tag', 3, "segment tag 'Qty' is not three capitals and digits starting with a capital"],
    ]);
  });

  it('reports missing trailers', () => {
    const result = readEdifactText(`${UNB}UNH+1+ORDERS:D:96A:UN'BGM+220+PO-1'`);

    expect(result.records[0]!.errors.map((error) => error.message)).toEqual([
      'message 1 (UNH at line 1) has no UNT trailer before the end of the file',
      'interchange REF42 (UNB at line 1) has no UNZ trailer before the end of the file',
    ]);
  });

  it('turns mismatches into warnings or ignores them on request', () => {
    const text = `${UNB}${message('1', 9)}UNZ+1+REF42'`;

    expect(readEdifactText(text, { controlChecks: 'warning' }).records[0]!.data.warnings).toEqual(["UNT01 is '9' but the message has 3 segments from UNH to UNT"]);
    expect(readEdifactText(text, { controlChecks: 'off' }).records[0]!.errors).toEqual([]);
  });

  it('uses the configured key', () => {
    const text = `${UNB}UNH+7+ORDERS:D:96A:UN'BGM+220+PO-7'RFF+CT:FRAME-1'UNT+4+7'UNZ+1+REF42'`;

    expect(readEdifactText(text, { key: 'reference' }).records[0]!.key).toBe('REF42-7');
    expect(readEdifactText(text, { key: 'RFF01.2' }).records[0]!.key).toBe('FRAME-1');
  });
});
