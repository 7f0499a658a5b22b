import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { readX12File } from '../x12-common/x12-reader.js';
import { x12ReadNode } from '../x12-read/x12-read.node.js';
import { x12WriteNode } from '../x12-write/x12-write.node.js';
import { x12AckNode } from './x12-ack.node.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'x12-read', 'fixtures');

/** An 850 whose interchange ends without IEA. */
const PO_WITHOUT_IEA = [
  'ISA*00*          *00*          *ZZ*BUYERCO        *ZZ*NWDIST         *261204*1200*U*00401*000000903*0*P*>~',
  'GS*PO*BUYERCO*NWDIST*20261204*1200*903*X*004010~',
  'ST*850*0001~',
  'BEG*00*SA*PO-9001**20261204~',
  'PO1*1*10*EA*4.50**VN*AT-1001~',
  'CTT*1~',
  'SE*5*0001~',
  'GE*1*903~',
  '',
].join('\n');

describe('x12.ack', () => {
  it('acknowledges accepted and failed sets of x12.read in one 997', async () => {
    const read = await runNode(x12ReadNode, { path: 'po-850-one-broken.x12' }, { baseDir: FIXTURES });
    const received = [...read.ports.out!, ...read.failures.map((failure) => failure.record)];

    const result = await runNode(x12AckNode, {}, { batches: [received] });
    const ack = result.ports.out![0]!;

    expect(result.ports.out).toHaveLength(1);
    expect(ack.key).toBe('000000102-102');
    expect(ack.data).toMatchObject({
      transactionSet: '997',
      status: 'P',
      interchange: { senderId: 'ACMETOOLS', receiverId: 'NWSUPPLY' },
      group: { functionalId: 'FA', senderCode: 'ACMETOOLS', receiverCode: 'NWSUPPLY' },
      segments: [
        { id: 'AK1', elements: ['PO', '102'] },
        { id: 'AK2', elements: ['850', '0001'] },
        { id: 'AK5', elements: ['A'] },
        { id: 'AK2', elements: ['850', '0002'] },
        { id: 'AK5', elements: ['R', '4'] },
        { id: 'AK9', elements: ['P', '2', '2', '1'] },
      ],
    });
    expect(ack.data.document).toMatchObject({ groupResult: { status: 'P', setsAccepted: 1 } });
  });

  it('writes the 997 back to the sender through x12.write', async () => {
    const read = await runNode(x12ReadNode, { path: 'po-850-one-broken.x12' }, { baseDir: FIXTURES });
    const acks = await runNode(x12AckNode, {}, { batches: [[...read.ports.out!, ...read.failures.map((failure) => failure.record)]] });
    const folder = mkdtempSync(join(tmpdir(), 'x12-ack-'));

    await runNode(x12WriteNode, { path: '997.x12' }, { baseDir: folder, batches: [acks.ports.out!] });
    const written = await readX12File(join(folder, '997.x12'));

    expect(written.records[0]!.errors).toEqual([]);
    expect(written.records[0]!.data.interchange).toMatchObject({ senderId: 'ACMETOOLS', receiverId: 'NWSUPPLY' });
    expect(written.records[0]!.data.group).toMatchObject({ functionalId: 'FA', senderCode: 'ACMETOOLS', receiverCode: 'NWSUPPLY' });
    expect(written.records[0]!.key).toBe('102');
  });

  it('answers a test interchange with a test 997', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-ack-'));
    writeFileSync(join(folder, 'test.x12'), `${PO_WITHOUT_IEA.replace('*0*P*>~', '*0*T*>~')}IEA*1*000000903~\n`);
    const read = await runNode(x12ReadNode, { path: 'test.x12' }, { baseDir: folder });
    const acks = await runNode(x12AckNode, {}, { batches: [read.ports.out!] });

    await runNode(x12WriteNode, { path: '997.x12' }, { baseDir: folder, batches: [acks.ports.out!] });
    await runNode(x12WriteNode, { path: '997-production.x12', usage: 'P' }, { baseDir: folder, batches: [acks.ports.out!] });

    expect(readFileSync(join(folder, '997.x12'), 'utf8').split('~')[0]?.split('*')[15]).toBe('T');
    expect(readFileSync(join(folder, '997-production.x12'), 'utf8').split('~')[0]?.split('*')[15]).toBe('P');
  });

  it('rejects the set of an interchange without IEA and adds a TA1', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-ack-'));
    writeFileSync(join(folder, 'no-iea.x12'), PO_WITHOUT_IEA);
    const read = await runNode(x12ReadNode, { path: 'no-iea.x12' }, { baseDir: folder });
    const result = await runNode(x12AckNode, {}, { batches: [read.failures.map((failure) => failure.record)] });

    expect(read.ports.out ?? []).toEqual([]);
    expect(read.failures.map((failure) => failure.record.errors?.[0]?.rule)).toEqual(['interchange-trailer-missing']);
    expect(result.ports.out!.map((record) => [record.key, record.data.segments])).toEqual([
      ['000000903', [{ id: 'TA1', elements: ['000000903', '261204', '1200', 'R', '023'] }]],
      [
        '000000903-903',
        [
          { id: 'AK1', elements: ['PO', '903'] },
          { id: 'AK2', elements: ['850', '0001'] },
          { id: 'AK5', elements: ['R'] },
          { id: 'AK9', elements: ['R', '1', '1', '0'] },
        ],
      ],
    ]);
    expect(result.ports.out![0]!.data).toMatchObject({ interchange: { senderId: 'NWDIST', receiverId: 'BUYERCO' }, acknowledgedInterchange: '000000903', status: 'R', noteCode: '023' });
  });

  it('adds an accepting TA1 when ISA14 requests one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-ack-'));
    writeFileSync(join(folder, 'ta1-requested.x12'), `${PO_WITHOUT_IEA.replace('*000000903*0*P*', '*000000903*1*P*')}IEA*1*000000903~\n`);
    const read = await runNode(x12ReadNode, { path: 'ta1-requested.x12' }, { baseDir: folder });
    const result = await runNode(x12AckNode, {}, { batches: [read.ports.out!] });
    const never = await runNode(x12AckNode, { interchangeAcknowledgment: 'never' }, { batches: [read.ports.out!] });

    expect(result.ports.out!.map((record) => record.data.segments)).toEqual([
      [{ id: 'TA1', elements: ['000000903', '261204', '1200', 'A', '000'] }],
      [
        { id: 'AK1', elements: ['PO', '903'] },
        { id: 'AK2', elements: ['850', '0001'] },
        { id: 'AK5', elements: ['A'] },
        { id: 'AK9', elements: ['A', '1', '1', '1'] },
      ],
    ]);
    expect(never.ports.out!.map((record) => record.key)).toEqual(['000000903-903']);
  });

  it('writes the TA1 before the group of the 997', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-ack-'));
    writeFileSync(join(folder, 'no-iea.x12'), PO_WITHOUT_IEA);
    const read = await runNode(x12ReadNode, { path: 'no-iea.x12' }, { baseDir: folder });
    const acks = await runNode(x12AckNode, {}, { batches: [read.failures.map((failure) => failure.record)] });

    await runNode(x12WriteNode, { path: 'acks.x12' }, { baseDir: folder, batches: [acks.ports.out!] });
    const lines = readFileSync(join(folder, 'acks.x12'), 'utf8').split('\n');

    expect(lines.map((line) => line.split('*')[0])).toEqual(['ISA', 'TA1', 'GS', 'ST', 'AK1', 'AK2', 'AK5', 'AK9', 'SE', 'GE', 'IEA', '']);
    expect(lines[1]).toBe('TA1*000000903*261204*1200*R*023~');
    expect(lines[10]).toBe('IEA*1*000000001~');
    expect((await readX12File(join(folder, 'acks.x12'))).records[0]!.data.interchange.serviceSegments).toEqual([{ id: 'TA1', elements: ['000000903', '261204', '1200', 'R', '023'] }]);
  });

  it('does not acknowledge 997s and fails records that are not sets', async () => {
    const read = await runNode(x12ReadNode, { path: 'ack-997.x12' }, { baseDir: FIXTURES });
    const result = await runNode(x12AckNode, {}, { batches: [[...read.ports.out!, { key: null, origin: { node: 'csv', index: 0 }, data: { sku: 'A-1' } }]] });

    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures.map((failure) => failure.message)).toEqual(['record is not an X12 transaction set from x12.read: it needs transactionSet, controlNumber, interchange and group']);
  });

  it('names the reader error of a file that is not X12', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'flowmason-ack-'));
    writeFileSync(join(folder, 'note.edi'), 'hello, not an order\n');
    const read = await runNode(x12ReadNode, { path: 'note.edi' }, { baseDir: folder });
    const failed = read.failures.map((failure) => ({ ...failure.record, errors: [...(failure.record.errors ?? []), { rule: 'input-error', message: failure.message }] }));
    const result = await runNode(x12AckNode, {}, { batches: [failed] });

    expect(failed).toHaveLength(1);
    expect(result.failures.map((failure) => failure.message)).toEqual([
      `record is not an X12 transaction set from x12.read: it needs transactionSet, controlNumber, interchange and group; the reader reported: ${read.failures[0]!.message}`,
    ]);
  });
});
