/**
 * The purchase-orders sample end to end through the CLI. `flowmason watch --once` takes the sample
 * 850 files from the inbox, stages their orders and writes a 997 for each. Further files show the
 * watch's memory, name clashes and failed runs. Then `flowmason run` reads the public 850 files in
 * place. Outputs are compared with the golden files in samples/purchase-orders/expected/.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli, type CliResult } from '../support/cli.js';
import { realdataPath, SKIP_REALDATA } from '../support/realdata.js';

const SAMPLE = join(REPOSITORY_ROOT, 'samples', 'purchase-orders');
const SAMPLE_FILES = ['po-1001-acme.x12', 'po-2001-harbor.edi', 'po-3001-coastal.edi'];
const TABLE_ORDER: Record<string, string> = {
  order_headers: 'sender_id, po_number',
  order_lines: 'sender_id, po_number, line_number',
  order_exceptions: 'exception_key',
};

let workspace: string;
let flowFile: string;
let inbox: string;
let history: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'flowmason-orders-'));
  cpSync(SAMPLE, workspace, { recursive: true, filter: (source) => !source.startsWith(join(SAMPLE, 'out')) && !source.startsWith(join(SAMPLE, 'inbox')) });
  flowFile = join(workspace, 'purchase-orders.flow.json');
  inbox = join(workspace, 'inbox');
  history = join(workspace, 'history.db');
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

interface WatchEvent {
  file: string;
  outcome: string;
  runId: number | null;
  error: string | null;
  movedTo: string | null;
  duplicateOf?: { fileName: string; runId: number | null };
}

/** Runs `flowmason watch --once` in a new process, as a restart would, and returns its file events. */
function watchOnce(): { result: CliResult; events: WatchEvent[] } {
  const result = runCli(['watch', flowFile, '--once', '--json', '--db', history, '--param', 'settleTime=0ms']);
  const events = result.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as WatchEvent);
  return { result, events };
}

function tableRows(databasePath: string, table: string): Record<string, unknown>[] {
  const database = new Database(databasePath, { readonly: true });
  try {
    return database.prepare(`SELECT * FROM ${table} ORDER BY ${TABLE_ORDER[table]}`).all() as Record<string, unknown>[];
  } finally {
    database.close();
  }
}

function golden(relativePath: string): string {
  return readFileSync(join(SAMPLE, 'expected', relativePath), 'utf8');
}

/** Replaces the interchange and group dates and times, which are those of the run, with placeholders. */
function withoutRunTime(x12: string): string {
  return x12
    .replace(/^(ISA(.)(?:[^\n]*?\2){8})[^\n]*?\2[^\n]*?\2/m, (_match, head: string, separator: string) => `${head}YYMMDD${separator}HHMM${separator}`)
    .replace(/^(GS(.)(?:[^\n]*?\2){3})[^\n]*?\2[^\n]*?\2/m, (_match, head: string, separator: string) => `${head}CCYYMMDD${separator}HHMM${separator}`);
}

function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

describe('purchase-orders sample under flowmason watch', () => {
  it('takes every order file in the inbox', () => {
    mkdirSync(inbox);
    for (const name of SAMPLE_FILES) {
      copyFileSync(join(workspace, 'data', name), join(inbox, name));
    }
    const { result, events } = watchOnce();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(events.map((event) => [basename(event.file), event.outcome, event.runId, event.movedTo])).toEqual([
      ['po-1001-acme.x12', 'COMPLETED', 1, join(inbox, 'done', 'po-1001-acme.x12')],
      ['po-2001-harbor.edi', 'COMPLETED', 2, join(inbox, 'done', 'po-2001-harbor.edi')],
      ['po-3001-coastal.edi', 'COMPLETED', 3, join(inbox, 'done', 'po-3001-coastal.edi')],
    ]);
    expect(filesIn(inbox)).toEqual(['done']);
  });

  it('stages the orders, their lines and the rejected sets', () => {
    const database = join(workspace, 'out', 'order-staging.db');
    for (const table of Object.keys(TABLE_ORDER)) {
      expect(tableRows(database, table), table).toEqual(JSON.parse(golden(`${table}.json`)));
    }
  });

  it('writes a 997 back for each interchange', () => {
    SAMPLE_FILES.forEach((name, index) => {
      const written = readFileSync(join(workspace, 'out', 'acks', `997-${index + 1}.x12`), 'utf8');
      expect(withoutRunTime(written), name).toBe(golden(join('acks', `${name.replace(/\.[^.]+$/, '')}.997.x12`)));
    });
  });

  it('rejects the broken coastal sets with AK5 R', () => {
    const exceptions = tableRows(join(workspace, 'out', 'order-staging.db'), 'order_exceptions');
    expect(exceptions.map((row) => [row.exception_key, row.rules, row.line])).toEqual([
      ['COASTALSUP/000000088/88/0002', '["set-segment-count"]', 13],
      ['COASTALSUP/000000088/88/0003', '["required-element"]', 19],
    ]);
    const acknowledgment = readFileSync(join(workspace, 'out', 'acks', '997-3.x12'), 'utf8');
    expect(acknowledgment).toContain('AK2*850*0002~\nAK5*R*4~');
    expect(acknowledgment).toContain('AK2*850*0003~\nAK3*BEG*2**8~\nAK4*3**1~\nAK5*R*5~');
    expect(acknowledgment).toContain('AK9*P*3*3*1~');
  });

  it('skips a copy of a file already run', () => {
    copyFileSync(join(workspace, 'data', 'po-2001-harbor.edi'), join(inbox, 'harbor-resent.edi'));
    const { result, events } = watchOnce();
    expect(result.code).toBe(0);
    expect(events).toEqual([
      expect.objectContaining({
        file: join(inbox, 'harbor-resent.edi'),
        outcome: 'SKIPPED',
        runId: 2,
        movedTo: join(inbox, 'done', 'harbor-resent.edi'),
        duplicateOf: expect.objectContaining({ fileName: 'po-2001-harbor.edi', runId: 2 }),
      }),
    ]);
    const note = readFileSync(join(inbox, 'done', 'harbor-resent.edi.note.txt'), 'utf8');
    expect(note).toMatch(/^harbor-resent\.edi was not run: its content \(SHA-256 [0-9a-f]{64}\) was taken before\nas po-2001-harbor\.edi by run 2 \(COMPLETED\) on \S+, now at inbox\/done\/po-2001-harbor\.edi\.\n$/);
    expect(existsSync(join(workspace, 'out', 'acks', '997-4.x12'))).toBe(false);
  });

  it('suffixes a changed file whose name is taken in done', () => {
    const changed = readFileSync(join(workspace, 'data', 'po-1001-acme.x12'), 'utf8').replace('PO1*1*24*EA', 'PO1*1*30*EA');
    writeFileSync(join(inbox, 'po-1001-acme.x12'), changed);
    const { result, events } = watchOnce();
    expect(result.code).toBe(0);
    expect(events.map((event) => [event.outcome, event.runId, event.movedTo])).toEqual([['COMPLETED', 4, join(inbox, 'done', 'po-1001-acme-2.x12')]]);
    const line = tableRows(join(workspace, 'out', 'order-staging.db'), 'order_lines').find((row) => row.po_number === 'PO-1001' && row.line_number === '1');
    expect(line?.quantity).toBe(30);
  });

  it('moves a file whose run fails to failed', () => {
    writeFileSync(join(inbox, 'not-an-order.edi'), 'hello, this is not an order\n');
    const { result, events } = watchOnce();
    expect(result.code).toBe(1);
    expect(events).toEqual([
      expect.objectContaining({
        file: join(inbox, 'not-an-order.edi'),
        outcome: 'FAILED',
        runId: 5,
        error:
          "node 'acknowledge': record is not an X12 transaction set from x12.read: it needs transactionSet, controlNumber, interchange and group; the reader reported: not-an-order.edi line 1: the file starts with 'hello, thi' instead of an ISA segment, so it is not an X12 interchange (rule not-x12)",
        movedTo: join(inbox, 'failed', 'not-an-order.edi'),
      }),
    ]);
    expect(filesIn(join(inbox, 'failed'))).toEqual(['not-an-order.edi']);
  });

  it('leaves files of other names in the inbox', () => {
    writeFileSync(join(inbox, 'readme.txt'), 'orders go in as *.edi or *.x12\n');
    const { result, events } = watchOnce();
    expect(result.code).toBe(0);
    expect(events).toEqual([]);
    expect(filesIn(inbox)).toEqual(['done', 'failed', 'readme.txt']);
  });

  it('lists one run per file taken', () => {
    const result = runCli(['runs', '--db', history, '--json']);
    const runs = JSON.parse(result.stdout) as { id: number; status: string; params: { input: string } }[];
    expect(runs.map((run) => [run.id, run.status, basename(run.params.input)])).toEqual([
      [5, 'FAILED', 'not-an-order.edi'],
      [4, 'COMPLETED', 'po-1001-acme.x12'],
      [3, 'COMPLETED', 'po-3001-coastal.edi'],
      [2, 'COMPLETED', 'po-2001-harbor.edi'],
      [1, 'COMPLETED', 'po-1001-acme.x12'],
    ]);
  });
});

describe('purchase-orders sample under flowmason run', () => {
  it('runs the default input without the watch', () => {
    const database = join(workspace, 'out', 'run-default.db');
    const result = runCli(['run', flowFile, '--json', '--db', history, '--param', `database=sqlite:${database}`]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { steps: { nodeId: string; out: Record<string, number> }[] };
    expect(summary.steps.find((step) => step.nodeId === 'inbox')?.out).toEqual({ error: 0 });
    expect(tableRows(database, 'order_headers').map((row) => row.po_number)).toEqual(['PO-1001', 'PO-1002']);
  });
});

describe('purchase-orders sample on broken envelopes', () => {
  const ORDER = [
    'ISA*00*          *00*          *ZZ*BUYERCO        *ZZ*NWDIST         *261204*1200*U*00401*000000903*0*P*>~',
    'GS*PO*BUYERCO*NWDIST*20261204*1200*903*X*004010~',
    'ST*850*0001~',
    'BEG*00*SA*PO-9001**20261204~',
    'PO1*1*10*EA*4.50**VN*AT-1001~',
    'CTT*1~',
    'SE*5*0001~',
    'GE*1*903~',
    'IEA*1*000000903~',
    '',
  ];

  function runOn(name: string, lines: readonly string[]): { result: CliResult; database: string; acknowledgment: string } {
    const input = join(workspace, name);
    writeFileSync(input, lines.join('\n'));
    const database = join(workspace, 'out', 'broken', `${name}.db`);
    const result = runCli(['run', flowFile, '--json', '--db', history, '--param', `input=${input}`, '--param', `database=sqlite:${database}`]);
    const runId = (JSON.parse(result.stdout) as { runId: number }).runId;
    return { result, database, acknowledgment: readFileSync(join(workspace, 'out', 'acks', `997-${runId}.x12`), 'utf8') };
  }

  it('rejects an order whose interchange has no IEA, with a TA1', () => {
    const { result, database, acknowledgment } = runOn('no-iea.x12', ORDER.filter((line) => !line.startsWith('IEA')));
    expect(result.code).toBe(0);
    expect(tableRows(database, 'order_headers')).toEqual([]);
    expect(tableRows(database, 'order_exceptions').map((row) => row.rules)).toEqual(['["interchange-trailer-missing"]']);
    expect(acknowledgment).toMatch(/^ISA\*[^\n]*~\nTA1\*000000903\*261204\*1200\*R\*023~\nGS\*FA\*/);
    expect(acknowledgment).toContain('AK1*PO*903~\nAK2*850*0001~\nAK5*R~\nAK9*R*1*1*0~');
  });

  it('rejects an order whose group has no GE', () => {
    const { database, acknowledgment } = runOn('no-ge.x12', ORDER.filter((line) => !line.startsWith('GE')));
    expect(tableRows(database, 'order_headers')).toEqual([]);
    expect(tableRows(database, 'order_exceptions').map((row) => row.rules)).toEqual(['["group-trailer-missing"]']);
    expect(acknowledgment).not.toContain('TA1*');
    expect(acknowledgment).toContain('AK1*PO*903~\nAK2*850*0001~\nAK5*R~\nAK9*R*1*1*0*3~');
  });
});

describe.skipIf(SKIP_REALDATA)('purchase-orders sample on public 850 files', () => {
  function runOn(folder: string, file: string): { result: CliResult; database: string; acknowledgment: string } {
    const database = join(workspace, 'out', 'real', `${file}.db`);
    const result = runCli(['run', flowFile, '--json', '--db', history, '--param', `input=${realdataPath(folder, file)}`, '--param', `database=sqlite:${database}`]);
    const runId = (JSON.parse(result.stdout) as { runId: number }).runId;
    return { result, database, acknowledgment: readFileSync(join(workspace, 'out', 'acks', `997-${runId}.x12`), 'utf8') };
  }

  it('stages the VICS order of node-x12', () => {
    const { result, database, acknowledgment } = runOn('node-x12', '850.edi');
    expect(result.code).toBe(0);
    expect(tableRows(database, 'order_headers')).toEqual([
      expect.objectContaining({ sender_id: '4405197800', po_number: '08292233294', order_date: '2010-11-27', requested_date: '2010-12-14', ship_to_name: 'XYZ RETAIL', line_count: 6, order_amount: 13045.94 }),
    ]);
    const lines = tableRows(database, 'order_lines');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ line_number: '1', quantity: 120, unit: 'EA', unit_price: 9.25, vendor_item: 'AB3542', buyer_item: '065322-117', description: 'SMALL WIDGET' });
    expect(acknowledgment).toContain('AK1*PO*1421~\nAK2*850*000000010~\nAK5*A~\nAK9*A*1*1*1~');
  });

  it('acknowledges both interchanges of a concatenated file', () => {
    const { result, database, acknowledgment } = runOn('node-x12', '850_fat.edi');
    expect(result.code).toBe(0);
    // Both interchanges reuse control number 3438 and group 1421 for the same order, so the staged
    // order is one and both sets are acknowledged in one 997 group.
    expect(tableRows(database, 'order_headers').map((row) => row.po_number)).toEqual(['08292233294']);
    expect(tableRows(database, 'order_lines')).toHaveLength(6);
    expect(acknowledgment).toContain('AK2*850*000000010~\nAK5*A~\nAK2*850*000000010~\nAK5*A~\nAK9*A*2*2*2~');
  });

  it('reads the flooring orders without a component separator', () => {
    const { result, database, acknowledgment } = runOn('edinet', 'x12.850.issue135.edi');
    expect(result.code).toBe(0);
    expect(tableRows(database, 'order_headers').map((row) => [row.po_number, row.purpose, row.order_type, row.line_count])).toEqual([
      ['740150', '05', 'CP', 10],
      ['740151', '05', 'CP', 11],
    ]);
    const first = tableRows(database, 'order_lines').find((row) => row.po_number === '740150' && row.line_number === '10');
    expect(first).toMatchObject({ quantity: 13200, unit: 'SF', description: 'EXPLORERBARCELONA18X18', requested_date: '2019-03-09', product_ids: '{"ST":"F07EXPLBA1818"}' });
    expect(acknowledgment).toMatch(/AK9\*E\*2\*2\*2~/);
  });

  it('keeps the composite SLN sublines', () => {
    const { result, database } = runOn('ediengine', '850.Composite.SLN.OK.edi');
    expect(result.code).toBe(0);
    const lines = tableRows(database, 'order_lines');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!.sublines as string)).toEqual([
      { id: '1.1', relationship: 'I', quantity: 10000, unit: ['PC', '11.1', '12.2', 'EA', '13.3', '14.4'], unitPrice: 1.56, priceBasis: 'TP', productIds: { VC: 'P-875OS', UI: '09999982001' }, sourceLine: 7 },
    ]);
  });

  it('reads the 003050 order with bang terminators', () => {
    const { result, database, acknowledgment } = runOn('stupidedi', '003050_PO850_bang-terminator.edi');
    expect(result.code).toBe(0);
    expect(tableRows(database, 'order_headers')).toEqual([expect.objectContaining({ sender_id: '054481205NPPT', po_number: 'NP00001234', order_date: '2001-06-14', order_amount: 3.63 })]);
    expect(tableRows(database, 'order_lines')).toEqual([expect.objectContaining({ line_number: '1', quantity: 3, unit_price: 1.21, buyer_item: '12345', description: 'Stopper Assy, #8 Nissan' })]);
    expect(acknowledgment).toContain('GS*FA*123456789*54481205*');
    expect(acknowledgment).toContain('*X*003050~\nST*997*');
    // ISA02, ISA04, ISA06 and ISA08 are not padded: the order is taken, with a warning noted in AK5 E.
    expect(acknowledgment).toContain('AK1*PO*1~\nAK2*850*0001~\nAK5*E~\nAK9*E*1*1*1~');
  });
});
