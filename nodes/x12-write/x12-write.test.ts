import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../engine/sdk/index.js';
import { createTestNodeContext, runNode } from '../../test/support/node-harness.js';
import { withoutSourceLines } from '../../test/support/edi-documents.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import type { EdiSegment } from '../edi-common/edi-types.js';
import { readX12File, type X12ReadResult } from '../x12-common/x12-reader.js';
import { x12WriteNode } from './x12-write.node.js';
import type { X12WriteConfig } from './x12-write.schema.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'x12-read', 'fixtures');
const FIXTURE_FILES = ['po-850.x12', 'po-ack-855.x12', 'ship-notice-856.x12', 'invoice-810.x12', 'inventory-846.x12', 'catalog-832.x12', 'ack-997.x12'];

function toRecords(result: X12ReadResult, file: string): FlowRecord[] {
  return result.records.map((record, index) => ({ key: record.key, origin: { node: 'read', file, line: record.line, index }, data: record.data }));
}

/** ST01, ST03 and the body: what a round trip must keep (control numbers and SE01 are the writer's). */
function comparable(segments: readonly EdiSegment[]): EdiSegment[] {
  const [header, ...rest] = segments;
  return [{ id: 'ST', elements: [header!.elements[0]!, ...header!.elements.slice(2)] }, ...rest.slice(0, -1)];
}

function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'x12-write-'));
}

async function roundTrip(source: string, config: Partial<X12WriteConfig> = {}): Promise<{ original: X12ReadResult; written: X12ReadResult; failures: unknown[] }> {
  const original = await readX12File(source);
  const folder = tempFolder();
  const separators = original.separators!;
  const result = await runNode(
    x12WriteNode,
    {
      path: 'out.x12',
      version: separators.repetition === '' ? '00401' : '00501',
      separators: {
        element: separators.element,
        component: separators.component || '>',
        ...(separators.repetition === '' ? {} : { repetition: separators.repetition }),
        segment: separators.segment === '\n' ? '~' : separators.segment,
      },
      ...config,
    },
    { baseDir: folder, batches: [toRecords(original, source)] },
  );
  const written = await readX12File(join(folder, 'out.x12'));
  return { original, written, failures: result.failures };
}

describe('x12.write', () => {
  it.each(FIXTURE_FILES)('%s round trip keeps every segment', async (name) => {
    const { original, written, failures } = await roundTrip(join(FIXTURES, name), { setControlNumbers: 'keep' });

    expect(failures).toEqual([]);
    expect(written.records.map((record) => record.errors)).toEqual(original.records.map(() => []));
    expect(written.records.map((record) => record.data.segments)).toEqual(original.records.map((record) => record.data.segments));
  });

  it('writes a set from a readable 850 document', async () => {
    const folder = tempFolder();
    const record: FlowRecord = {
      key: 'PO-900',
      origin: { node: 'map', index: 0 },
      data: {
        transactionSet: '850',
        document: {
          header: { purpose: '00', type: 'SA', poNumber: 'PO-900', date: '20261203' },
          parties: [{ role: 'ST', name: 'NORTHWIND DC EAST', idQualifier: '92', id: 'DC01', address: ['400 HARBOR WAY'], city: 'NEWARK', state: 'NJ', postalCode: '07114' }],
          lines: [{ lineNumber: '1', quantity: 3, unit: 'EA', unitPrice: 9.99, productIds: { UP: '012345678905', VN: 'AT-1001' }, descriptions: [{ type: 'F', text: 'HAMMER' }] }],
          summary: { lineCount: 1 },
        },
      },
    };
    await runNode(
      x12WriteNode,
      { path: 'po.x12', sender: { qualifier: 'ZZ', id: 'NWSUPPLY' }, receiver: { qualifier: '01', id: '123456789' } },
      { baseDir: folder, batches: [[record]] },
    );
    const written = await readX12File(join(folder, 'po.x12'));

    expect(written.records[0]!.errors).toEqual([]);
    expect(written.records[0]!.data.segments).toEqual([
      { id: 'ST', elements: ['850', '0001'] },
      { id: 'BEG', elements: ['00', 'SA', 'PO-900', '', '20261203'] },
      { id: 'N1', elements: ['ST', 'NORTHWIND DC EAST', '92', 'DC01'] },
      { id: 'N3', elements: ['400 HARBOR WAY'] },
      { id: 'N4', elements: ['NEWARK', 'NJ', '07114'] },
      { id: 'PO1', elements: ['1', '3', 'EA', '9.99', '', 'UP', '012345678905', 'VN', 'AT-1001'] },
      { id: 'PID', elements: ['F', '', '', '', 'HAMMER'] },
      { id: 'CTT', elements: ['1'] },
      { id: 'SE', elements: ['9', '0001'] },
    ]);
    expect(written.records[0]!.data.interchange).toMatchObject({ senderId: 'NWSUPPLY', receiverQualifier: '01', receiverId: '123456789', usage: 'P' });
  });

  it('records each written set in the ledger after the file is committed', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850-one-broken.x12'), { controlChecks: 'off' });
    const result = await runNode(x12WriteNode, { path: 'out/po.x12' }, { baseDir: folder, batches: [toRecords(original, 'po.x12')] });

    expect(result.deliveries).toEqual([
      {
        target: `file:${join(folder, 'out', 'po.x12')}`,
        deliveries: [
          { key: 'PO-48213', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
          { key: 'PO-48214', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        ],
      },
    ]);
    expect(readdirSync(join(folder, 'out'))).toEqual(['po.x12']);
  });

  it('skips sets already delivered unchanged in delta mode', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850-one-broken.x12'), { controlChecks: 'off' });
    const records = toRecords(original, 'po.x12');
    const ledger = new Map<string, Map<string, string>>();
    const config: X12WriteConfig = { path: 'po-{runId}.x12', mode: 'delta' };

    const first = await runNode(x12WriteNode, config, { baseDir: folder, batches: [records], ledger });
    const changed = { ...records[1]!, data: { ...records[1]!.data, segments: [...(records[1]!.data.segments as EdiSegment[]).slice(0, -1), { id: 'MSG', elements: ['RUSH'] }] } };
    const second = await runNode(x12WriteNode, config, { baseDir: folder, batches: [[records[0]!, changed]], ledger });

    expect(first.deliveries[0]!.deliveries.map((delivery) => delivery.key)).toEqual(['PO-48213', 'PO-48214']);
    expect(second.deliveries[0]!.deliveries.map((delivery) => delivery.key)).toEqual(['PO-48214']);
    expect(second.deliveries[0]!.target).toBe(`file:${join(folder, 'po-{runId}.x12')}`);
  });

  it('writes no file in delta mode when nothing changed', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));
    const records = toRecords(original, 'po.x12');
    const ledger = new Map<string, Map<string, string>>();
    await runNode(x12WriteNode, { path: 'first.x12', mode: 'delta' }, { baseDir: folder, batches: [records], ledger });
    ledger.set(`file:${join(folder, 'second.x12')}`, ledger.get(`file:${join(folder, 'first.x12')}`)!);

    const result = await runNode(x12WriteNode, { path: 'second.x12', mode: 'delta' }, { baseDir: folder, batches: [records], ledger });

    expect(result.deliveries).toEqual([]);
    expect(existsSync(join(folder, 'second.x12'))).toBe(false);
    expect(readdirSync(folder).sort()).toEqual(['first.x12']);
  });

  it('continues control numbers from the counter file', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));
    const records = toRecords(original, 'po.x12');
    const config: X12WriteConfig = { path: 'po.x12', controlNumbers: { start: 500, counterFile: 'counters.json' } };

    await runNode(x12WriteNode, config, { baseDir: folder, batches: [records] });
    const firstCounters = JSON.parse(readFileSync(join(folder, 'counters.json'), 'utf8')) as unknown;
    await runNode(x12WriteNode, config, { baseDir: folder, batches: [records] });
    const second = await readX12File(join(folder, 'po.x12'));

    expect(firstCounters).toEqual({ interchange: 501, group: 501, set: 501 });
    expect(second.records[0]!.data.interchange.controlNumber).toBe('000000501');
    expect(second.records[0]!.data.group!.controlNumber).toBe('501');
    expect(second.records[0]!.data.controlNumber).toBe('0501');
  });

  it('fails a record whose value contains a separator', async () => {
    const folder = tempFolder();
    const record: FlowRecord = {
      key: 'PO-1',
      origin: { node: 'map', index: 0 },
      data: { transactionSet: '850', interchange: { senderQualifier: 'ZZ', senderId: 'NWSUPPLY', receiverQualifier: 'ZZ', receiverId: 'ACMETOOLS' }, segments: [{ id: 'BEG', elements: ['00', 'SA', 'PO*1', '', '20261201'] }] },
    };
    const result = await runNode(x12WriteNode, { path: 'po.x12' }, { baseDir: folder, batches: [[record]] });

    expect(result.failures.map((failure) => failure.message)).toEqual([
      "set 850: BEG03 (segment BEG at position 2 of the set) contains the separator \"*\" in 'PO*1'; X12 cannot escape it, so choose other separators",
    ]);
  });

  it('rejects envelope values that do not fit', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));
    const [record] = toRecords(original, 'po.x12');
    const longCode = { ...record!, data: { ...record!.data, group: { ...(record!.data.group as object), receiverCode: 'NORTHWIND-SUPPLY-CO' } } };
    const result = await runNode(x12WriteNode, { path: 'po.x12' }, { baseDir: folder, batches: [[longCode]] });

    expect(result.failures.map((failure) => failure.message)).toEqual(["application receiver code (GS03) 'NORTHWIND-SUPPLY-CO' has 19 characters; it must have 2 to 15 characters"]);
  });

  it('wraps control numbers after 999999999', async () => {
    const folder = tempFolder();
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));
    const records = toRecords(original, 'po.x12');
    await runNode(x12WriteNode, { path: 'po.x12', controlNumbers: { start: 999999999, counterFile: 'counters.json' } }, { baseDir: folder, batches: [records] });

    expect(JSON.parse(readFileSync(join(folder, 'counters.json'), 'utf8'))).toEqual({ interchange: 1, group: 1, set: 1 });
    expect((await readX12File(join(folder, 'po.x12'))).records[0]!.data.interchange.controlNumber).toBe('999999999');
  });

  it('fails a record without partners or segments', async () => {
    const folder = tempFolder();
    const records: FlowRecord[] = [
      { key: 'a', origin: { node: 'map', index: 0 }, data: { transactionSet: '850', segments: [{ id: 'BEG', elements: ['00'] }] } },
      { key: 'b', origin: { node: 'map', index: 1 }, data: { transactionSet: '940' } },
      { key: 'c', origin: { node: 'map', index: 2 }, data: { sku: 'A-1' } },
    ];
    const result = await runNode(x12WriteNode, { path: 'po.x12' }, { baseDir: folder, batches: [records] });

    expect(result.failures.map((failure) => failure.message)).toEqual([
      "no interchange sender: set the node's sender or give the record interchange.senderQualifier and interchange.senderId",
      'record for set 940 has neither segments nor a document that x12.write builds (850, 855, 856, 810, 997)',
      'record has no transactionSet (ST01, three digits); set data.transactionSet or start data.segments with ST',
    ]);
  });

  it('leaves no file behind when the run aborts', async () => {
    const folder = tempFolder();
    const instance = await x12WriteNode.create(
      { path: 'po.x12', sender: { qualifier: 'ZZ', id: 'NWSUPPLY' }, receiver: { qualifier: 'ZZ', id: 'ACMETOOLS' } },
      createTestNodeContext({ flowId: 'f', nodeId: 'n', batchSize: 10, resolvePath: (path) => join(folder, path) }),
    );
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));
    await instance.process!(toRecords(original, 'po.x12'), { emit: () => undefined, fail: () => undefined, pending: 0, flush: async () => undefined });
    await instance.abort!();

    expect(readdirSync(folder)).toEqual([]);
  });

  it('names the path when the target is a folder', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'po.x12'));
    const original = await readX12File(join(FIXTURES, 'po-850.x12'));

    await expect(runNode(x12WriteNode, { path: 'po.x12' }, { baseDir: folder, batches: [toRecords(original, 'po.x12')] })).rejects.toThrow(`cannot write ${join(folder, 'po.x12')}: it is a folder`);
  });

  it('rejects equal separators in check', () => {
    const context = { resolvePath: (path: string) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } };

    expect(x12WriteNode.check!({ path: 'a.x12', separators: { element: '*', segment: '*' } }, context)).toEqual([
      { field: 'separators', message: "separators must all differ; got element '*', component '>', repetition '^', segment '*'" },
    ]);
  });
});

/** Every public X12 sample: the round trip must keep the segments of all of them. */
const REAL_X12 = ['node-x12', 'staedi', 'edinet', 'stupidedi', 'ediengine'].flatMap((folder) =>
  SKIP_REALDATA
    ? []
    : readdirSync(realdataPath(folder))
        .filter((name) => /\.edi$/i.test(name) && !/edifact|tradacoms/i.test(name))
        .map((name) => `${folder}/${name}`),
);

describe.skipIf(SKIP_REALDATA)('x12.write on public samples', () => {
  it.each(REAL_X12)('%s round trip keeps every segment', async (file) => {
    const { original, written, failures } = await roundTrip(realdataPath(...file.split('/')));

    expect(failures).toEqual([]);
    expect(written.records.map((record) => record.errors)).toEqual(original.records.map(() => []));
    expect(written.records.map((record) => comparable(record.data.segments))).toEqual(original.records.map((record) => comparable(record.data.segments)));
  });

  it('856 document writes back unchanged', async () => {
    const original = await readX12File(realdataPath('ediengine', '856.Crossdock.OK.edi'));
    const folder = tempFolder();
    const record: FlowRecord = { key: original.records[0]!.key, origin: { node: 'read', index: 0 }, data: { transactionSet: '856', interchange: original.records[0]!.data.interchange, document: original.records[0]!.data.document } };
    await runNode(x12WriteNode, { path: 'asn.x12' }, { baseDir: folder, batches: [[record]] });
    const written = await readX12File(join(folder, 'asn.x12'));

    expect(withoutSourceLines(written.records[0]!.data.document)).toEqual(withoutSourceLines(original.records[0]!.data.document));
  });

  it('writing the same input twice gives the same body', async () => {
    const source = realdataPath('node-x12', '850.edi');
    const original = await readX12File(source);
    const folder = tempFolder();
    await runNode(x12WriteNode, { path: 'a.x12' }, { baseDir: folder, batches: [toRecords(original, source)] });
    await runNode(x12WriteNode, { path: 'b.x12' }, { baseDir: folder, batches: [toRecords(original, source)] });
    const withoutDates = (text: string): string => text.replace(/\*\d{6}\*\d{4}\*/, '*DATE*TIME*').replace(/\*\d{8}\*\d{4}\*/, '*DATE*TIME*');

    expect(withoutDates(readFileSync(join(folder, 'a.x12'), 'utf8'))).toBe(withoutDates(readFileSync(join(folder, 'b.x12'), 'utf8')));
  });
});
