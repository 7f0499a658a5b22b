import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { x12ReadNode } from './x12-read.node.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('x12.read', () => {
  it('emits one record per set with key, origin and envelope', async () => {
    const result = await runNode(x12ReadNode, { path: 'po-850.x12' }, { baseDir: FIXTURES });
    const record = result.ports.out![0]!;

    expect(result.ports.out).toHaveLength(1);
    expect(result.failures).toEqual([]);
    expect(record.key).toBe('PO-48213');
    expect(record.origin).toEqual({ node: 'node-under-test', file: join(FIXTURES, 'po-850.x12'), line: 3, index: 0 });
    expect(record.data).toMatchObject({
      format: 'x12',
      transactionSet: '850',
      controlNumber: '0001',
      interchange: { senderQualifier: 'ZZ', senderId: 'NWSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMETOOLS', controlNumber: '000000101', version: '00401', usage: 'T' },
      group: { functionalId: 'PO', controlNumber: '101', date: '20261201', version: '004010' },
    });
    expect(result.triggerInputs).toEqual([{ path: join(FIXTURES, 'po-850.x12'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: 640 }]);
  });

  it('fails the broken set with a located InputError and keeps the good one', async () => {
    const result = await runNode(x12ReadNode, { path: 'po-850-one-broken.x12' }, { baseDir: FIXTURES });

    expect(result.ports.out!.map((record) => record.key)).toEqual(['PO-48213']);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.kind).toBe('input');
    expect(result.failures[0]!.message).toBe(
      "po-850-one-broken.x12: interchange 000000102, group 102, set 850 0002: SE01 is '9' but the set has 7 segments from ST to SE (segment SE at position 7 of the set, line 28, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
    );
    expect(result.failures[0]!.record.key).toBe('PO-48214');
    expect(result.failures[0]!.record.errors).toEqual([
      {
        rule: 'set-segment-count',
        message:
          "po-850-one-broken.x12: interchange 000000102, group 102, set 850 0002: SE01 is '9' but the set has 7 segments from ST to SE (segment SE at position 7 of the set, line 28, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
        field: 'SE01',
      },
    ]);
  });

  it('uses the configured key', async () => {
    const byElement = await runNode(x12ReadNode, { path: 'po-850.x12', key: 'REF02' }, { baseDir: FIXTURES });
    const byControl = await runNode(x12ReadNode, { path: 'po-850.x12', key: 'control-number' }, { baseDir: FIXTURES });

    expect(byElement.ports.out![0]!.key).toBe('042');
    expect(byControl.ports.out![0]!.key).toBe('000000101-101-0001');
  });

  it('fails a file that is not X12 as one record', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-read-'));
    writeFileSync(join(folder, 'orders.csv'), 'sku,qty\nA-1,4\n');
    const result = await runNode(x12ReadNode, { path: 'orders.csv' }, { baseDir: folder });

    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures.map((failure) => failure.message)).toEqual(["orders.csv line 1: the file starts with 'sku,qty A-' instead of an ISA segment, so it is not an X12 interchange (rule not-x12)"]);
  });

  it('rejects a missing file with the path', async () => {
    await expect(runNode(x12ReadNode, { path: 'missing.x12' }, { baseDir: FIXTURES })).rejects.toThrow(`cannot read X12 file '${join(FIXTURES, 'missing.x12')}': the file does not exist; check the node's path`);
  });

  it('flushes in batches', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'x12-read-'));
    const sets = Array.from({ length: 5 }, (_, index) => `ST*850*000${index + 1}~BEG*00*SA*PO-${index + 1}**20261201~SE*3*000${index + 1}~`).join('\n');
    writeFileSync(
      join(folder, 'many.x12'),
      `ISA*00*          *00*          *ZZ*A              *ZZ*B              *261201*0930*U*00401*000000001*0*T*>~\nGS*PO*A*B*20261201*0930*1*X*004010~\n${sets}\nGE*5*1~\nIEA*1*000000001~\n`,
    );
    const result = await runNode(x12ReadNode, { path: 'many.x12' }, { baseDir: folder, batchSize: 2 });

    expect(result.ports.out!.map((record) => record.key)).toEqual(['PO-1', 'PO-2', 'PO-3', 'PO-4', 'PO-5']);
    expect(result.flushes).toBeGreaterThanOrEqual(3);
  });

  it('reports an empty path in check', () => {
    expect(x12ReadNode.check!({ path: ' ' }, { resolvePath: (path) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } })).toEqual([
      { field: 'path', message: 'path is empty; choose the X12 file to read' },
    ]);
  });
});
