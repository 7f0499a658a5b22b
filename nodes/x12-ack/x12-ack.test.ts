import { mkdtempSync, writeFileSync } from 'node:fs';
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
