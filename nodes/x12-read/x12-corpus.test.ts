/**
 * Reads every public X12 sample in place and checks the numbers counted by hand: interchanges,
 * groups, sets and segments. The hand counts split each file on its terminator and count the ISA,
 * GS, ST and segment lines. Files broken on purpose must fail with located errors.
 */
import { describe, expect, it } from 'vitest';
import { readX12File, describeX12Issue } from '../x12-common/x12-reader.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';

interface ExpectedSet {
  id: string;
  /** Segments from ST to SE. */
  segments: number;
  /** Rules of the errors that fail the set, in order. */
  errors?: string[];
  warnings?: number;
}

interface ExpectedFile {
  file: string;
  interchanges: number;
  groups: number;
  /** Segments in the file, envelopes included. */
  segments: number;
  sets: ExpectedSet[];
}

const CORPUS: ExpectedFile[] = [
  { file: 'node-x12/850.edi', interchanges: 1, groups: 1, segments: 37, sets: [{ id: '850', segments: 33 }] },
  { file: 'node-x12/850_2.edi', interchanges: 1, groups: 1, segments: 37, sets: [{ id: '850', segments: 33 }] },
  { file: 'node-x12/850_3.edi', interchanges: 1, groups: 1, segments: 18, sets: [{ id: '850', segments: 14 }] },
  { file: 'node-x12/850_fat.edi', interchanges: 2, groups: 2, segments: 74, sets: [{ id: '850', segments: 33 }, { id: '850', segments: 33 }] },
  { file: 'node-x12/855.edi', interchanges: 1, groups: 1, segments: 30, sets: [{ id: '855', segments: 26 }] },
  { file: 'node-x12/856.edi', interchanges: 1, groups: 1, segments: 35, sets: [{ id: '856', segments: 31 }] },
  { file: 'staedi/x12_empty997.edi', interchanges: 1, groups: 1, segments: 6, sets: [{ id: '997', segments: 2 }] },
  { file: 'staedi/x12_extraDelimiter997.edi', interchanges: 1, groups: 1, segments: 12, sets: [{ id: '997', segments: 8 }] },
  {
    file: 'staedi/x12_invoice810_po850_dual.edi',
    interchanges: 1,
    groups: 2,
    segments: 77,
    sets: [
      { id: '810', segments: 32 },
      { id: '810', segments: 22 },
      { id: '850', segments: 17 },
    ],
  },
  { file: 'staedi/x12_issue109_ts214_ellipses_segterm.edi', interchanges: 1, groups: 1, segments: 24, sets: [{ id: '214', segments: 20 }] },
  { file: 'staedi/x12_issue128_ts210_80char.edi', interchanges: 1, groups: 1, segments: 35, sets: [{ id: '210', segments: 31 }] },
  {
    file: 'staedi/x12_issue590_multi-tx-transaction-type.edi',
    interchanges: 1,
    groups: 1,
    segments: 10,
    sets: [
      { id: '855', segments: 3 },
      { id: '855', segments: 3 },
    ],
  },
  { file: 'staedi/x12_optionalInterchangeServices.edi', interchanges: 1, groups: 1, segments: 10, sets: [{ id: '997', segments: 4 }] },
  {
    file: 'staedi/x12_simple810.edi',
    interchanges: 1,
    groups: 1,
    segments: 58,
    sets: [
      { id: '810', segments: 32 },
      { id: '810', segments: 22 },
    ],
  },
  {
    file: 'staedi/x12_simple997-multiple-interchanges.edi',
    interchanges: 3,
    groups: 3,
    segments: 36,
    sets: [
      { id: '997', segments: 8 },
      { id: '997', segments: 8 },
      { id: '997', segments: 8 },
    ],
  },
  { file: 'staedi/x12_simple997.edi', interchanges: 1, groups: 1, segments: 12, sets: [{ id: '997', segments: 8 }] },
  { file: 'edinet/x12.214.edi', interchanges: 1, groups: 1, segments: 20, sets: [{ id: '214', segments: 16 }] },
  { file: 'edinet/x12.810a.edi', interchanges: 1, groups: 1, segments: 68, sets: [{ id: '810', segments: 64, warnings: 1 }] },
  { file: 'edinet/x12.810c.edi', interchanges: 1, groups: 1, segments: 49, sets: [{ id: '810', segments: 45, warnings: 1 }] },
  { file: 'edinet/x12.820.issue140.edi', interchanges: 1, groups: 1, segments: 72, sets: [{ id: '820', segments: 68 }] },
  { file: 'edinet/x12.832.edi', interchanges: 1, groups: 1, segments: 16, sets: [{ id: '832', segments: 12, errors: ['set-segment-count'], warnings: 1 }] },
  { file: 'edinet/x12.850.edi', interchanges: 1, groups: 1, segments: 15, sets: [{ id: '850', segments: 11, errors: ['interchange-control-number'] }] },
  {
    file: 'edinet/x12.850.issue135.edi',
    interchanges: 1,
    groups: 1,
    segments: 186,
    sets: [
      { id: '850', segments: 87, warnings: 1 },
      { id: '850', segments: 95 },
    ],
  },
  { file: 'edinet/x12.850a.edi', interchanges: 1, groups: 1, segments: 54, sets: [{ id: '850', segments: 50, errors: ['interchange-control-number'], warnings: 1 }] },
  { file: 'edinet/x12.Issue88.edi', interchanges: 1, groups: 1, segments: 51, sets: [{ id: '271', segments: 47 }] },
  {
    file: 'stupidedi/002001_SH856_bang-terminator.edi',
    interchanges: 1,
    groups: 1,
    segments: 70,
    sets: [
      { id: '856', segments: 47, warnings: 1 },
      { id: '856', segments: 19, warnings: 1 },
    ],
  },
  { file: 'stupidedi/003050_PO850_bang-terminator.edi', interchanges: 1, groups: 1, segments: 15, sets: [{ id: '850', segments: 11, warnings: 1 }] },
  { file: 'stupidedi/004010_AR943_warehouse-transfer.edi', interchanges: 1, groups: 1, segments: 13, sets: [{ id: '943', segments: 9 }] },
  { file: 'stupidedi/004010_FA997_backtick-component.edi', interchanges: 1, groups: 1, segments: 10, sets: [{ id: '997', segments: 6, warnings: 1 }] },
  { file: 'stupidedi/004010_IN810_pipe-separator.edi', interchanges: 1, groups: 1, segments: 17, sets: [{ id: '810', segments: 13 }] },
  { file: 'stupidedi/004010_PR855_brace-component.edi', interchanges: 1, groups: 1, segments: 11, sets: [{ id: '855', segments: 7 }] },
  { file: 'stupidedi/004010_PR855_newline-terminator_wrapped-ISA.edi', interchanges: 1, groups: 1, segments: 16, sets: [{ id: '855', segments: 12, warnings: 1 }] },
  { file: 'stupidedi/004010_RE944_warehouse-receipt.edi', interchanges: 1, groups: 1, segments: 12, sets: [{ id: '944', segments: 8 }] },
  { file: 'stupidedi/004010_SC832_produce_catalog.edi', interchanges: 1, groups: 1, segments: 1067, sets: [{ id: '832', segments: 1063, warnings: 1 }] },
  { file: 'stupidedi/004010_SC832_sysco_wrapped-ISA.edi', interchanges: 1, groups: 1, segments: 21, sets: [{ id: '832', segments: 17, errors: ['set-segment-count'], warnings: 1 }] },
  { file: 'stupidedi/004010_SH856_dollar-terminator.edi', interchanges: 1, groups: 1, segments: 29, sets: [{ id: '856', segments: 25, warnings: 3 }] },
  { file: 'ediengine/850.Composite.SLN.OK.edi', interchanges: 1, groups: 1, segments: 15, sets: [{ id: '850', segments: 11 }] },
  { file: 'ediengine/856.Crossdock.OK.edi', interchanges: 1, groups: 1, segments: 61, sets: [{ id: '856', segments: 57 }] },
  { file: 'ediengine/940.2.OK.edi', interchanges: 1, groups: 1, segments: 13, sets: [{ id: '940', segments: 9 }] },
  { file: 'ediengine/940.OK.edi', interchanges: 1, groups: 1, segments: 33, sets: [{ id: '940', segments: 29 }] },
  {
    file: 'ediengine/ControlNumbersMismatch.edi',
    interchanges: 1,
    groups: 1,
    segments: 9,
    sets: [{ id: '940', segments: 5, errors: ['set-control-number', 'group-control-number', 'interchange-control-number'] }],
  },
  {
    file: 'ediengine/MultipleInterchangesAndGroups.edi',
    interchanges: 2,
    groups: 4,
    segments: 42,
    sets: Array.from({ length: 6 }, () => ({ id: '940', segments: 5 })),
  },
  {
    file: 'ediengine/WrongGroupsAndTranCount.edi',
    interchanges: 1,
    groups: 1,
    segments: 9,
    sets: [{ id: '940', segments: 5, errors: ['group-set-count', 'interchange-group-count'] }],
  },
];

describe.skipIf(SKIP_REALDATA)('X12 public samples', () => {
  it.each(CORPUS)('$file counts', async (expected) => {
    const result = await readX12File(realdataPath(...expected.file.split('/')));

    expect(result.errors).toEqual([]);
    expect(result.interchangeCount).toBe(expected.interchanges);
    expect(result.groupCount).toBe(expected.groups);
    expect(result.segmentCount).toBe(expected.segments);
    expect(result.records.map((record) => record.data.transactionSet)).toEqual(expected.sets.map((set) => set.id));
    expect(result.records.map((record) => record.data.segments.length)).toEqual(expected.sets.map((set) => set.segments));
    expect(result.records.map((record) => record.errors.map((error) => error.rule))).toEqual(expected.sets.map((set) => set.errors ?? []));
    expect(result.records.map((record) => record.data.warnings?.length ?? 0)).toEqual(expected.sets.map((set) => set.warnings ?? 0));
  });

  it('covers every X12 sample in the folders', async () => {
    const { readdirSync } = await import('node:fs');
    const listed = new Set(CORPUS.map((entry) => entry.file));
    const onDisk = ['node-x12', 'staedi', 'edinet', 'stupidedi', 'ediengine'].flatMap((folder) =>
      readdirSync(realdataPath(folder))
        .filter((name) => /\.edi$/i.test(name) && !/edifact|tradacoms/i.test(name))
        .map((name) => `${folder}/${name}`),
    );
    expect(onDisk.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('ControlNumbersMismatch errors name file, envelope, segment, element and rule', async () => {
    const result = await readX12File(realdataPath('ediengine', 'ControlNumbersMismatch.edi'));
    const record = result.records[0]!;

    expect(record.errors.map((error) => describeX12Issue('ControlNumbersMismatch.edi', record.data, error))).toEqual([
      "ControlNumbersMismatch.edi: interchange 000003438, group 3314, set 940 0001: SE02 '0002' does not match ST02 '0001' (segment SE at position 5 of the set, line 7, element SE02, rule set-control-number); the sender must correct SE02 and resend the set",
      "ControlNumbersMismatch.edi: interchange 000003438, group 3314, set 940 0001: GE02 '3315' does not match GS06 '3314' (segment GE, line 8, element GE02, rule group-control-number); the group is rejected as a whole; ask the partner to correct GE02 and resend it",
      "ControlNumbersMismatch.edi: interchange 000003438, group 3314, set 940 0001: IEA02 '000003439' does not match ISA13 '000003438' (segment IEA, line 9, element IEA02, rule interchange-control-number); the interchange is rejected as a whole; ask the partner to correct IEA02 and resend it",
    ]);
  });

  it('WrongGroupsAndTranCount reports GE01 and IEA01 counts', async () => {
    const result = await readX12File(realdataPath('ediengine', 'WrongGroupsAndTranCount.edi'));

    expect(result.records[0]!.errors.map((error) => error.message)).toEqual([
      "GE01 is '2' but group 3314 has 1 transaction set",
      "IEA01 is '2' but interchange 000003438 has 1 functional group",
    ]);
  });

  it('IEA02 3438 matches ISA13 000003438 numerically', async () => {
    const result = await readX12File(realdataPath('ediengine', 'MultipleInterchangesAndGroups.edi'));

    expect(result.records.every((record) => record.errors.length === 0)).toBe(true);
    expect(result.records.map((record) => record.key)).toEqual([
      '000003438-3313-0001',
      '000003438-3313-0002',
      '000003438-3314-0001',
      '000003439-3315-0001',
      '000003439-3315-0002',
      '000003439-3316-0001',
    ]);
  });

  it('produce catalog with the BTC typo still parses', async () => {
    const result = await readX12File(realdataPath('stupidedi', '004010_SC832_produce_catalog.edi'));
    const record = result.records[0]!;
    const document = record.data.document as { header?: unknown; items: { productIds: Record<string, string>; packs: { size: unknown }[]; prices: { unitPrice: number }[] }[] };

    expect(record.errors).toEqual([]);
    expect(record.data.segments[1]).toEqual({ id: 'BTC', elements: ['PC'] });
    expect(document.header).toBeUndefined();
    expect(document.items).toHaveLength(176);
    expect(document.items[0]!.productIds).toEqual({ VC: 'A3-CTN' });
    expect(document.items[0]!.packs[0]!.size).toBe('3 LB');
    expect(document.items[0]!.prices[0]!.unitPrice).toBe(14.2);
  });

  it('reads the separators each sample declares', async () => {
    const cases: [string, Record<string, string>][] = [
      ['stupidedi/004010_IN810_pipe-separator.edi', { element: '|', component: '>', repetition: '', segment: '~' }],
      ['staedi/x12_issue109_ts214_ellipses_segterm.edi', { element: '*', component: '>', repetition: '', segment: '\u2026' }],
      ['stupidedi/002001_SH856_bang-terminator.edi', { element: '*', component: '@', repetition: '', segment: '!' }],
      ['stupidedi/004010_FA997_backtick-component.edi', { element: '*', component: '`', repetition: '', segment: '\n' }],
      ['edinet/x12.850.issue135.edi', { element: '*', component: '', repetition: '', segment: '~' }],
      ['edinet/x12.820.issue140.edi', { element: '*', component: '>', repetition: ':', segment: '\n' }],
      ['staedi/x12_simple997.edi', { element: '*', component: ':', repetition: '^', segment: '~' }],
      ['stupidedi/004010_SH856_dollar-terminator.edi', { element: '*', component: '{', repetition: '', segment: '$' }],
    ];
    for (const [file, separators] of cases) {
      const result = await readX12File(realdataPath(...file.split('/')));
      expect(result.separators, file).toEqual(separators);
    }
  });

  it('wrapped and padded ISA headers give clean envelope values', async () => {
    const wrapped = await readX12File(realdataPath('stupidedi', '004010_PR855_newline-terminator_wrapped-ISA.edi'));
    const nbsp = await readX12File(realdataPath('edinet', 'x12.850.edi'));
    const split = await readX12File(realdataPath('stupidedi', '003050_PO850_bang-terminator.edi'));

    expect(wrapped.records[0]!.data.interchange).toMatchObject({ time: '2135', receiverId: 'EED1 NYIExxx', controlNumber: '702351422' });
    expect(nbsp.encoding).toBe('utf-8-bom');
    expect(nbsp.records[0]!.data.interchange).toMatchObject({ senderQualifier: '01', senderId: '000123456', receiverId: 'PARTNERID', controlNumber: '000000055' });
    expect(split.records[0]!.data.interchange).toMatchObject({ receiverId: '123456789NPPT', date: '010614', controlNumber: '000000003' });
  });

  it('dollar-terminated 856 recovers the tilde-ended lines', async () => {
    const result = await readX12File(realdataPath('stupidedi', '004010_SH856_dollar-terminator.edi'));
    const segments = result.records[0]!.data.segments;

    expect(segments.filter((segment) => segment.id === 'N1')[0]).toEqual({ id: 'N1', elements: ['SU', 'SUPPLIER ABC INC', '92', '010020001-ABCINC'] });
    expect(result.records[0]!.data.warnings![0]).toBe("line 13: segment ends with '~' instead of the terminator '$'; read '~' as the terminator");
  });

  it('ISB and ISE stay with the interchange', async () => {
    const result = await readX12File(realdataPath('staedi', 'x12_optionalInterchangeServices.edi'));

    expect(result.records[0]!.data.interchange.serviceSegments).toEqual([
      { id: 'ISB', elements: ['1'] },
      { id: 'ISE', elements: ['200601', '0515', '04'] },
    ]);
  });

  it('repeated composites of the extra-delimiter 997 stay as arrays', async () => {
    const result = await readX12File(realdataPath('staedi', 'x12_extraDelimiter997.edi'));

    expect(result.records[0]!.data.segments[4]).toEqual({
      id: 'AK4',
      elements: ['8', '66', '7', [['AK404-R1-COMP1', 'AK404-R1-COMP2', 'AK404-R1-COMP3'], ['AK404-R2-COMP1', 'AK404-R2-COMP2']]],
    });
  });
});
