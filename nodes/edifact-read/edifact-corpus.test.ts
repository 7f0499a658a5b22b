/**
 * Reads every public EDIFACT and TRADACOMS sample in place and checks the numbers counted by hand
 * (each file split on its terminator): interchanges, groups, messages and segments. Truncated
 * samples must fail with located trailer errors, and TRADACOMS files must be rejected.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeEdifactIssue, readEdifactFile } from '../edifact-common/edifact-reader.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';

interface ExpectedMessage {
  type: string;
  /** Segments from UNH to UNT. */
  segments: number;
  errors?: string[];
  warnings?: number;
}

interface ExpectedFile {
  file: string;
  interchanges: number;
  groups: number;
  /** Segments in the file, UNA and envelopes included. */
  segments: number;
  messages: ExpectedMessage[];
}

const CORPUS: ExpectedFile[] = [
  { file: 'staedi/EDIFACT_invoic_d93a_una.edi', interchanges: 1, groups: 0, segments: 31, messages: [{ type: 'INVOIC', segments: 28 }] },
  { file: 'staedi/EDIFACT_invoic_d97b.edi', interchanges: 1, groups: 0, segments: 26, messages: [{ type: 'INVOIC', segments: 24 }] },
  { file: 'staedi/EDIFACT_invoic_d97b_una.edi', interchanges: 1, groups: 0, segments: 27, messages: [{ type: 'INVOIC', segments: 24 }] },
  { file: 'staedi/EDIFACT_issue128_wrapped_invoic_d97b.edi', interchanges: 1, groups: 0, segments: 26, messages: [{ type: 'INVOIC', segments: 24 }] },
  { file: 'staedi/EDIFACT_issue128_wrapped_invoic_d97b_una.edi', interchanges: 1, groups: 0, segments: 27, messages: [{ type: 'INVOIC', segments: 24 }] },
  { file: 'staedi/EDIFACT_orders-with-group.edi', interchanges: 1, groups: 1, segments: 22, messages: [{ type: 'ORDERS', segments: 18, errors: ['message-segment-count'] }] },
  {
    file: 'edinet/edifact.01.edi',
    interchanges: 1,
    groups: 0,
    segments: 34,
    messages: [{ type: 'QUOTES', segments: 31, errors: ['message-segment-count', 'interchange-reference'] }],
  },
  { file: 'edinet/edifact.D01B.IFCSUM.NewLines.EDI', interchanges: 1, groups: 0, segments: 29, messages: [{ type: 'IFCSUM', segments: 27, errors: ['message-segment-count'] }] },
  { file: 'edinet/edifact.Issue157.Wikipedia.edi', interchanges: 1, groups: 0, segments: 16, messages: [{ type: 'PAORES', segments: 13, warnings: 1 }] },
  {
    file: 'edinet/edifact.Issue188.edi',
    interchanges: 1,
    groups: 0,
    segments: 15,
    messages: [
      { type: 'IFTMIN', segments: 3, errors: ['message-segment-count', 'interchange-count'] },
      { type: 'INVOIC', segments: 3, errors: ['message-segment-count', 'message-reference', 'interchange-count'] },
      { type: 'IFTMIN', segments: 3, errors: ['message-segment-count', 'interchange-count'] },
      { type: 'INVOIC', segments: 3, errors: ['message-segment-count', 'message-reference', 'interchange-count'] },
    ],
  },
  { file: 'edinet/edifact.Issue196.edi', interchanges: 1, groups: 0, segments: 16, messages: [{ type: 'DELFOR', segments: 13, errors: ['message-segment-count'] }] },
  {
    file: 'edinet/edifact.Issue203.edi',
    interchanges: 1,
    groups: 0,
    segments: 105,
    messages: [{ type: 'INVOIC', segments: 102, errors: ['message-segment-count', 'message-reference'] }],
  },
  {
    file: 'edinet/edifact.ORDRSP.edi',
    interchanges: 1,
    groups: 0,
    segments: 34,
    messages: [{ type: 'ORDRSP', segments: 31, errors: ['message-segment-count', 'message-reference', 'interchange-reference'] }],
  },
  { file: 'edinet/edifact.Paiement.Issue139.EDI', interchanges: 1, groups: 1, segments: 15, messages: [{ type: 'INFENT', segments: 10, errors: ['message-segment-count'] }] },
];

const TRADACOMS = ['staedi/TRADACOMS_order.edi', 'staedi/TRADACOMS_order-blocked.edi', 'edinet/tradacoms.order9.edi', 'edinet/tradacoms.utilitybill.escape.edi'];

describe.skipIf(SKIP_REALDATA)('EDIFACT public samples', () => {
  it.each(CORPUS)('$file counts', async (expected) => {
    const result = await readEdifactFile(realdataPath(...expected.file.split('/')));

    expect(result.errors).toEqual([]);
    expect(result.interchangeCount).toBe(expected.interchanges);
    expect(result.groupCount).toBe(expected.groups);
    expect(result.segmentCount).toBe(expected.segments);
    expect(result.records.map((record) => record.data.messageType)).toEqual(expected.messages.map((message) => message.type));
    expect(result.records.map((record) => record.data.segments.length)).toEqual(expected.messages.map((message) => message.segments));
    expect(result.records.map((record) => record.errors.map((error) => error.rule))).toEqual(expected.messages.map((message) => message.errors ?? []));
    expect(result.records.map((record) => record.data.warnings?.length ?? 0)).toEqual(expected.messages.map((message) => message.warnings ?? 0));
  });

  it.each(TRADACOMS)('%s is rejected as TRADACOMS', async (file) => {
    const result = await readEdifactFile(realdataPath(...file.split('/')));

    expect(result.records).toEqual([]);
    expect(result.errors).toEqual([
      {
        severity: 'error',
        level: 'file',
        rule: 'tradacoms-not-supported',
        message: 'the file starts with STX=, so it is a TRADACOMS file; Flowmason reads EDIFACT and X12 but not TRADACOMS',
        line: 1,
      },
    ]);
  });

  it('covers every EDIFACT and TRADACOMS sample in the folders', () => {
    const listed = new Set([...CORPUS.map((entry) => entry.file), ...TRADACOMS]);
    const onDisk = ['staedi', 'edinet'].flatMap((folder) =>
      readdirSync(realdataPath(folder))
        .filter((name) => /\.edi$/i.test(name) && /edifact|tradacoms/i.test(name))
        .map((name) => `${folder}/${name}`),
    );
    expect(onDisk.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('Issue188 locates the UNT reference mismatch on the second message', async () => {
    const result = await readEdifactFile(realdataPath('edinet', 'edifact.Issue188.edi'));
    const second = result.records[1]!;
    const mismatch = second.errors.find((error) => error.rule === 'message-reference')!;

    expect(describeEdifactIssue('edifact.Issue188.edi', second.data, mismatch)).toBe(
      "edifact.Issue188.edi: interchange 581575491, message INVOIC 44: UNT02 '43' does not match UNH01 '44' (segment UNT at position 3 of the message, line 8, element UNT02, rule message-reference); the sender must correct UNT02 and resend the message",
    );
    expect(result.records[2]!.errors.map((error) => error.rule)).not.toContain('message-reference');
  });

  it('release characters resolve in every case', async () => {
    const paiement = await readEdifactFile(realdataPath('edinet', 'edifact.Paiement.Issue139.EDI'));
    const ordrsp = await readEdifactFile(realdataPath('edinet', 'edifact.ORDRSP.edi'));
    const wikipedia = await readEdifactFile(realdataPath('edinet', 'edifact.Issue157.Wikipedia.edi'));
    const una = await readEdifactFile(realdataPath('staedi', 'EDIFACT_invoic_d97b_una.edi'));

    expect(paiement.records[0]!.data.segments.find((segment) => segment.id === 'RFF' && JSON.stringify(segment).includes('DECLAR'))).toEqual({
      id: 'RFF',
      elements: [['AUN', "TELE'DECLAR", '', '6.5.7.0']],
    });
    expect(JSON.stringify(ordrsp.records[0]!.data.segments)).toContain('"+49 ');
    expect(wikipedia.records[0]!.data.segments[2]).toEqual({ id: 'IFT', elements: ['3', 'XYZCOMPANY AVAILABILITY'] });
    expect(una.records[0]!.data.interchange.recipient).toEqual({ id: '006415160', qualifier: '1' });
  });

  it('wrapped files read the same as unwrapped ones', async () => {
    const plain = await readEdifactFile(realdataPath('staedi', 'EDIFACT_invoic_d97b.edi'));
    const wrapped = await readEdifactFile(realdataPath('staedi', 'EDIFACT_issue128_wrapped_invoic_d97b.edi'));
    const plainUna = await readEdifactFile(realdataPath('staedi', 'EDIFACT_invoic_d97b_una.edi'));
    const wrappedUna = await readEdifactFile(realdataPath('staedi', 'EDIFACT_issue128_wrapped_invoic_d97b_una.edi'));

    expect(wrapped.records[0]!.data.segments).toEqual(plain.records[0]!.data.segments);
    expect(wrappedUna.records[0]!.data.segments).toEqual(plainUna.records[0]!.data.segments);
    expect(wrappedUna.serviceCharacters).toEqual({ component: '=', element: '*', decimal: '.', release: '?', repetition: '', segment: '~' });
  });

  it('decimal comma from UNA reads numbers in the invoice', async () => {
    const result = await readEdifactFile(realdataPath('staedi', 'EDIFACT_invoic_d93a_una.edi'));
    const document = result.records[0]!.data.document as { lines: { amounts: { amount: number }[] }[]; summary: { amounts: { amount: number }[] } };

    expect(result.serviceCharacters.decimal).toBe(',');
    expect(document.lines[1]!.amounts[0]!.amount).toBe(19.9);
    expect(document.summary.amounts.map((amount) => amount.amount)).toEqual([777.4, 124.38, 901.78]);
  });
});
