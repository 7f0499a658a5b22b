import { describe, expect, it } from 'vitest';
import { readX12Text } from './x12-reader.js';
import { sameNumber } from './x12-envelope.js';

const ISA = (control: string): string => `ISA*00*          *00*          *ZZ*NWSUPPLY       *ZZ*ACMETOOLS      *261201*0930*U*00401*${control}*0*T*>~`;

/** Builds an interchange text from lines; each line gets the `~` terminator. */
function interchange(lines: string[]): string {
  return lines.map((line) => (line.startsWith('ISA') ? line : `${line}~`)).join('\n');
}

const GOOD_SET = (control: string): string[] => [`ST*850*${control}`, 'BEG*00*SA*PO-1**20261201', `SE*3*${control}`];

describe('X12 ISA layout', () => {
  it('warns about ISA fields that are not padded', () => {
    const isa = 'ISA*00*          *00*          *ZZ*BUYERCO*ZZ*NWDIST         *261204*1200*U*00401*901*0*P*>~';
    const result = readX12Text(interchange([isa, 'GS*PO*A*B*20261201*0930*7*X*004010', ...GOOD_SET('0001'), 'GE*1*7', 'IEA*1*901']));

    expect(result.records[0]!.errors).toEqual([]);
    expect(result.records[0]!.data.warnings).toEqual([
      "line 1: ISA fields differ from their fixed width: ISA06 'BUYERCO' (7 of 15 characters), ISA13 '901' (3 of 9 characters); they were read as written, but the partner should write each at its full width (ISA13 padded with leading zeros, the others with trailing spaces)",
    ]);
  });

  it('gives no warning for a padded ISA', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', ...GOOD_SET('0001'), 'GE*1*7', 'IEA*1*7']));

    expect(result.records[0]!.data.warnings).toBeUndefined();
  });
});

describe('X12 control checks', () => {
  it('accepts matching counts and control numbers', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', ...GOOD_SET('0001'), ...GOOD_SET('0002'), 'GE*2*7', 'IEA*1*7']));

    expect(result.records.map((record) => record.errors)).toEqual([[], []]);
  });

  it('fails only the set whose SE01 is wrong', () => {
    const bad = ['ST*850*0002', 'BEG*00*SA*PO-2**20261201', 'SE*4*0002'];
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', ...GOOD_SET('0001'), ...bad, 'GE*2*7', 'IEA*1*000000007']));

    expect(result.records[0]!.errors).toEqual([]);
    expect(result.records[1]!.errors).toEqual([
      {
        severity: 'error',
        level: 'set',
        rule: 'set-segment-count',
        message: "SE01 is '4' but the set has 3 segments from ST to SE",
        line: 8,
        filePosition: 8,
        segmentId: 'SE',
        segmentPosition: 3,
        element: 'SE01',
        elementPosition: 1,
        value: '4',
        code: '4',
      },
    ]);
  });

  it('fails the set whose SE02 differs from ST02', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', 'ST*850*0001', 'BEG*00*SA*PO-1**20261201', 'SE*3*0009', 'GE*1*7', 'IEA*1*7']));

    expect(result.records[0]!.errors.map((error) => [error.rule, error.message])).toEqual([['set-control-number', "SE02 '0009' does not match ST02 '0001'"]]);
  });

  it('fails every set of a group whose GE is wrong, and no other', () => {
    const result = readX12Text(
      interchange([
        ISA('000000007'),
        'GS*PO*A*B*20261201*0930*7*X*004010',
        ...GOOD_SET('0001'),
        'GE*1*7',
        'GS*PO*A*B*20261201*0930*8*X*004010',
        ...GOOD_SET('0001'),
        ...GOOD_SET('0002'),
        'GE*3*9',
        'IEA*2*7',
      ]),
    );

    expect(result.records.map((record) => record.errors.map((error) => error.rule))).toEqual([[], ['group-set-count', 'group-control-number'], ['group-set-count', 'group-control-number']]);
  });

  it('fails the sets of an interchange whose IEA is wrong, and no other', () => {
    const result = readX12Text(
      interchange([
        ISA('000000007'),
        'GS*PO*A*B*20261201*0930*7*X*004010',
        ...GOOD_SET('0001'),
        'GE*1*7',
        'IEA*2*000000008',
        ISA('000000009'),
        'GS*PO*A*B*20261201*0930*9*X*004010',
        ...GOOD_SET('0001'),
        'GE*1*9',
        'IEA*1*9',
      ]),
    );

    expect(result.records.map((record) => record.errors.map((error) => error.rule))).toEqual([['interchange-group-count', 'interchange-control-number'], []]);
  });

  it('reports missing trailers', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', 'ST*850*0001', 'BEG*00*SA*PO-1**20261201', 'ST*850*0002', 'BEG*00*SA*PO-2**20261201']));

    expect(result.records.map((record) => record.errors.map((error) => error.message))).toEqual([
      [
        'transaction set 0001 (ST at line 3) has no SE trailer before the ST at line 5',
        'group 7 (GS at line 2) has no GE trailer before the end of the file',
        'interchange 000000007 (ISA at line 1) has no IEA trailer before the end of the file',
      ],
      [
        'transaction set 0002 (ST at line 5) has no SE trailer before the end of the file',
        'group 7 (GS at line 2) has no GE trailer before the end of the file',
        'interchange 000000007 (ISA at line 1) has no IEA trailer before the end of the file',
      ],
    ]);
  });

  it('turns mismatches into warnings or ignores them on request', () => {
    const text = interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', 'ST*850*0001', 'BEG*00*SA*PO-1**20261201', 'SE*9*0001', 'GE*1*7', 'IEA*1*7']);

    const warned = readX12Text(text, { controlChecks: 'warning' });
    const ignored = readX12Text(text, { controlChecks: 'off' });

    expect(warned.records[0]!.errors).toEqual([]);
    expect(warned.records[0]!.data.warnings).toEqual(["SE01 is '9' but the set has 3 segments from ST to SE"]);
    expect(ignored.records[0]!.errors).toEqual([]);
    expect(ignored.records[0]!.data.warnings).toBeUndefined();
  });

  it('warns about segments outside any set', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', 'REF*ZZ*1', ...GOOD_SET('0001'), 'GE*1*7', 'IEA*1*7']));

    expect(result.records[0]!.errors).toEqual([]);
    expect(result.records[0]!.data.warnings).toEqual(['REF at line 3 is outside any transaction set; it was left out']);
  });

  it('reports content after the last interchange as a file error', () => {
    const result = readX12Text(`${interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', ...GOOD_SET('0001'), 'GE*1*7', 'IEA*1*7'])}\nREF*ZZ*LEFTOVER~`);

    expect(result.records[0]!.errors).toEqual([]);
    expect(result.errors).toEqual([
      { severity: 'error', level: 'file', rule: 'segment-outside-set', message: 'REF at line 8 is outside any transaction set; it was left out', line: 8, filePosition: 8, segmentId: 'REF' },
    ]);
  });

  it('rejects a malformed segment tag', () => {
    const result = readX12Text(interchange([ISA('000000007'), 'GS*PO*A*B*20261201*0930*7*X*004010', 'ST*850*0001', 'BEG*00*SA*PO-1**20261201', 'po1*1*2*EA', 'SE*4*0001', 'GE*1*7', 'IEA*1*7']));

    expect(result.records[0]!.errors.map((error) => [error.rule, error.segmentPosition, error.code, error.message])).toEqual([
      ['segment-id', 3, '1', "segment tag 'po1' is not two or three capitals and digits starting with a capital"],
    ]);
  });

  it('rejects a set outside any group', () => {
    const result = readX12Text(interchange([ISA('000000007'), ...GOOD_SET('0001'), 'IEA*0*7']));

    expect(result.records[0]!.errors.map((error) => error.rule)).toEqual(['set-outside-group']);
  });

  it('compares control numbers as numbers when both are digits', () => {
    expect(sameNumber('3438', '000003438')).toBe(true);
    expect(sameNumber('3438', '3439')).toBe(false);
    expect(sameNumber('A1', 'A1')).toBe(true);
    expect(sameNumber('A1', '0A1')).toBe(false);
  });
});
