import { describe, expect, it } from 'vitest';
import { X12InterchangeWriter, type InterchangeWriterOptions, type SetToWrite } from './x12-interchange-writer.js';
import { readX12Text } from './x12-reader.js';
import { findSeparatorConflict, formatX12Segment, DEFAULT_WRITE_SEPARATORS } from './x12-serializer.js';

const OPTIONS: InterchangeWriterOptions = {
  separators: DEFAULT_WRITE_SEPARATORS,
  version: '00401',
  usage: 'T',
  acknowledgmentRequested: false,
  start: { interchange: 41, group: 7, set: 1 },
  now: new Date(Date.UTC(2026, 11, 1, 9, 30)),
};

function set(overrides: Partial<SetToWrite> = {}): SetToWrite {
  return {
    sender: { qualifier: 'ZZ', id: 'NWSUPPLY' },
    receiver: { qualifier: 'ZZ', id: 'ACMETOOLS' },
    senderCode: 'NWSUPPLY',
    receiverCode: 'ACMETOOLS',
    functionalId: 'PO',
    groupVersion: '004010',
    setId: '850',
    body: [{ id: 'BEG', elements: ['00', 'SA', 'PO-1', '', '20261201'] }],
    ...overrides,
  };
}

async function writeAll(sets: SetToWrite[], options: InterchangeWriterOptions = OPTIONS): Promise<{ text: string; writer: X12InterchangeWriter }> {
  const chunks: string[] = [];
  const writer = new X12InterchangeWriter(options, async (text) => {
    chunks.push(text);
  });
  for (const item of sets) {
    await writer.add(item);
  }
  await writer.end();
  return { text: chunks.join(''), writer };
}

describe('X12InterchangeWriter', () => {
  it('opens a new interchange for a TA1 after a group', async () => {
    const chunks: string[] = [];
    const writer = new X12InterchangeWriter({ ...OPTIONS, separators: { ...DEFAULT_WRITE_SEPARATORS, lineBreak: '' } }, async (text) => {
      chunks.push(text);
    });
    const partners = { sender: { qualifier: 'ZZ', id: 'NWSUPPLY' }, receiver: { qualifier: 'ZZ', id: 'ACMETOOLS' } };
    const ta1 = { id: 'TA1', elements: ['000000101', '261201', '0930', 'A', '000'] };

    expect(await writer.addInterchangeSegments(partners, [ta1])).toBe('000000041');
    await writer.add(set());
    expect(await writer.addInterchangeSegments(partners, [ta1])).toBe('000000042');
    await writer.end();

    const segments = chunks.join('').split('~').map((segment) => segment.slice(0, 3));
    expect(segments).toEqual(['ISA', 'TA1', 'GS*', 'ST*', 'BEG', 'SE*', 'GE*', 'IEA', 'ISA', 'TA1', 'IEA', '']);
    expect(chunks.join('')).toContain('TA1*000000101*261201*0930*A*000~IEA*0*000000042~');
  });

  it('writes a fixed-width ISA, GS, counted SE, GE and IEA', async () => {
    const { text } = await writeAll([set()]);

    expect(text).toBe(
      [
        'ISA*00*          *00*          *ZZ*NWSUPPLY       *ZZ*ACMETOOLS      *261201*0930*U*00401*000000041*0*T*>~',
        'GS*PO*NWSUPPLY*ACMETOOLS*20261201*0930*7*X*004010~',
        'ST*850*0001~',
        'BEG*00*SA*PO-1**20261201~',
        'SE*3*0001~',
        'GE*1*7~',
        'IEA*1*000000041~',
        '',
      ].join('\n'),
    );
  });

  it('numbers interchanges, groups and sets uniquely and reads back clean', async () => {
    const invoice = set({ functionalId: 'IN', setId: '810', body: [{ id: 'BIG', elements: ['20261209', 'INV-1'] }] });
    const otherPartner = set({ receiver: { qualifier: '01', id: '123456789' }, receiverCode: '123456789' });
    const { text, writer } = await writeAll([set(), set(), invoice, otherPartner]);
    const read = readX12Text(text);

    expect(read.interchangeCount).toBe(2);
    expect(read.groupCount).toBe(3);
    expect(read.records.map((record) => [record.data.interchange.controlNumber, record.data.group?.controlNumber, record.data.controlNumber])).toEqual([
      ['000000041', '7', '0001'],
      ['000000041', '7', '0002'],
      ['000000041', '8', '0003'],
      ['000000042', '9', '0004'],
    ]);
    expect(read.records.every((record) => record.errors.length === 0)).toBe(true);
    expect(writer.nextControlNumbers).toEqual({ interchange: 43, group: 10, set: 5 });
  });

  it('keeps given set control numbers and rejects duplicates in a group', async () => {
    const chunks: string[] = [];
    const writer = new X12InterchangeWriter(OPTIONS, async (text) => {
      chunks.push(text);
    });
    const written = await writer.add(set({ controlNumber: '4711' }));

    expect(written.set).toBe('4711');
    await expect(writer.add(set({ controlNumber: '4711' }))).rejects.toThrow("transaction set control number '4711' is used twice in group 7; ST02 must be unique within a group");
  });

  it('writes custom separators and line breaks', async () => {
    const separators = { element: '|', component: '{', repetition: '^', segment: '!', lineBreak: '\r\n' };
    const { text } = await writeAll([set({ body: [{ id: 'SLN', elements: ['1', '', 'I', '10', ['PC', '11.1', 'EA']] }] })], { ...OPTIONS, separators, version: '00501' });
    const read = readX12Text(text);

    expect(text.split('\r\n')[0]).toBe('ISA|00|          |00|          |ZZ|NWSUPPLY       |ZZ|ACMETOOLS      |261201|0930|^|00501|000000041|0|T|{!');
    expect(read.separators).toEqual({ element: '|', component: '{', repetition: '^', segment: '!' });
    expect(read.records[0]!.data.segments[1]).toEqual({ id: 'SLN', elements: ['1', '', 'I', '10', ['PC', '11.1', 'EA']] });
  });

  it('formats repetitions of composites', () => {
    expect(formatX12Segment({ id: 'AK4', elements: ['8', [['A', 'B'], ['C']]] }, { ...DEFAULT_WRITE_SEPARATORS, lineBreak: '' })).toBe('AK4*8*A>B^C~');
  });

  it('finds values that contain a separator', () => {
    const separators = { element: '*', component: '>', repetition: '^', segment: '~' };

    expect(findSeparatorConflict([{ id: 'N1', elements: ['ST', 'A*B'] }], separators)).toEqual({ segmentId: 'N1', segmentPosition: 1, element: 'N102', value: 'A*B', separator: '*' });
    expect(findSeparatorConflict([{ id: 'N1', elements: ['ST', 'AB'] }], separators)).toBeUndefined();
    expect(findSeparatorConflict([{ id: 'AK4', elements: [[['A'], ['B']]] }], { ...separators, repetition: '' })?.element).toBe('AK401');
  });
});
