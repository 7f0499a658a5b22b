/**
 * The four file node kinds in real flows: runFlow with a SQLite run store on temporary files,
 * reading a CSV and writing it as JSON Lines and as a Windows-1252 CSV for an ERP import.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFlow } from '../../engine/flow/load-flow.js';
import type { FlowDocument, FlowNode } from '../../engine/flow/flow-schema.js';
import { runFlow } from '../../engine/runtime/run-flow.js';
import { contentHash } from '../../engine/sdk/index.js';
import { SqliteRunStore } from '../../engine/store/sqlite-run-store.js';
import { createNodeRegistry } from '../index.js';

const GOOD_CSV = 'sku,name,qty\n10-4471,Straßenbesen – groß,01\n10-4472,"Mutter, verzinkt",0010\n10-4473,"Scheibe\nDIN 125",7\n10-4474,Haken,3\n10-4475,Kehrblech,12\n';

// Line 3 has a field too few, line 5 a NUL character, line 7 opens a quote never closed.
const CORRUPT_CSV = 'sku,name,qty\n10-4471,Straßenbesen,01\n10-4472,Mutter\n10-4473,Scheibe,7\n10-4474,Ha\0ken,3\n10-4475,Kehrblech,12\n10-4476,"Winkel,4\n';

const position = { x: 0, y: 0 };

function buildFlow(options: { readOnError?: FlowNode['onError']; exceptions?: boolean } = {}): FlowDocument {
  const nodes: FlowNode[] = [
    {
      id: 'read',
      type: 'csv.read',
      typeVersion: 1,
      name: 'Read items',
      config: { path: { $param: 'input' }, keyColumn: 'sku' },
      ...(options.readOnError === undefined ? {} : { onError: options.readOnError }),
      position,
    },
    { id: 'to-json', type: 'json.write', typeVersion: 1, name: 'Items as JSON Lines', config: { path: 'out/items.jsonl' }, position },
    {
      id: 'to-erp',
      type: 'csv.write',
      typeVersion: 1,
      name: 'Items for the ERP',
      config: {
        path: 'out/erp/items.csv',
        delimiter: ';',
        lineEnding: 'crlf',
        encoding: 'windows-1252',
        columns: [
          { field: 'sku', label: 'Artikel' },
          { field: 'name', label: 'Bezeichnung' },
          { field: 'qty', label: 'Menge' },
        ],
      },
      position,
    },
  ];
  const edges = [
    { from: { node: 'read', port: 'out' }, to: { node: 'to-json', port: 'in' } },
    { from: { node: 'read', port: 'out' }, to: { node: 'to-erp', port: 'in' } },
  ];
  if (options.exceptions === true) {
    nodes.push({ id: 'exceptions', type: 'json.write', typeVersion: 1, name: 'Exceptions', config: { path: 'out/exceptions.jsonl', include: 'envelope' }, position });
    edges.push({ from: { node: 'read', port: 'error' }, to: { node: 'exceptions', port: 'in' } });
  }
  return {
    formatVersion: 1,
    id: 'items-export',
    name: 'Items export',
    parameters: { input: { type: 'path', default: 'items.csv' } },
    nodes,
    edges,
  };
}

describe('file nodes in a flow', () => {
  let folder: string;
  let store: SqliteRunStore;
  const registry = createNodeRegistry();

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flowmason-file-flow-'));
    store = new SqliteRunStore(join(folder, 'history.db'));
  });
  afterEach(async () => {
    await store.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function run(flow: FlowDocument, input: string) {
    const result = await runFlow({ flow, registry, store, flowDir: folder, params: { input }, overrideDir: folder, batchSize: 2 });
    return { ...result, steps: await store.getSteps(result.runId) };
  }

  it('passes the flow checker', () => {
    expect(checkFlow(buildFlow({ exceptions: true }), registry, { flowDir: folder }).problems).toEqual([]);
  });

  it('writes every record to both files and the ledger', async () => {
    await writeFile(join(folder, 'items.csv'), GOOD_CSV);
    const result = await run(buildFlow(), 'items.csv');
    expect(result.error).toBeNull();
    expect(result.status).toBe('COMPLETED');

    const rows = [
      { sku: '10-4471', name: 'Straßenbesen – groß', qty: '01' },
      { sku: '10-4472', name: 'Mutter, verzinkt', qty: '0010' },
      { sku: '10-4473', name: 'Scheibe\nDIN 125', qty: '7' },
      { sku: '10-4474', name: 'Haken', qty: '3' },
      { sku: '10-4475', name: 'Kehrblech', qty: '12' },
    ];
    const jsonPath = join(folder, 'out', 'items.jsonl');
    const erpPath = join(folder, 'out', 'erp', 'items.csv');
    expect(await readFile(jsonPath, 'utf8')).toBe(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    expect((await readFile(erpPath)).equals(
      Buffer.from(
        'Artikel;Bezeichnung;Menge\r\n10-4471;Stra\xdfenbesen \x96 gro\xdf;01\r\n10-4472;Mutter, verzinkt;0010\r\n10-4473;"Scheibe\nDIN 125";7\r\n10-4474;Haken;3\r\n10-4475;Kehrblech;12\r\n',
        'latin1',
      ),
    )).toBe(true);

    const steps = Object.fromEntries(result.steps.map((step) => [step.nodeId, step]));
    expect(steps.read).toMatchObject({ status: 'COMPLETED', outputs: { out: 5, error: 0 }, errors: 0 });
    expect(steps['to-json']).toMatchObject({ status: 'COMPLETED', recordsIn: 5, errors: 0 });
    expect(steps['to-erp']).toMatchObject({ status: 'COMPLETED', recordsIn: 5, errors: 0 });

    const deliveries = await store.findDeliveries('10-4473');
    expect(deliveries.map((entry) => [entry.target, entry.nodeId, entry.contentHash]).sort()).toEqual([
      [`file:${erpPath}`, 'to-erp', contentHash(rows[2])],
      [`file:${jsonPath}`, 'to-json', contentHash(rows[2])],
    ]);
    const ledgerRows = store.db.prepare('SELECT target, COUNT(*) AS count FROM delivered_ledger WHERE run_id = ? GROUP BY target ORDER BY target').all(result.runId);
    expect(ledgerRows).toEqual([
      { target: `file:${erpPath}`, count: 5 },
      { target: `file:${jsonPath}`, count: 5 },
    ]);

    const runSummary = await store.getRun(result.runId);
    const bytes = Buffer.from(GOOD_CSV);
    expect(runSummary?.trigger).toEqual([
      { nodeId: 'read', path: join(folder, 'items.csv'), sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    ]);
  });

  it('sends a corrupt file to located dead letters and writes all good rows', async () => {
    await writeFile(join(folder, 'corrupt.csv'), CORRUPT_CSV);
    const result = await run(buildFlow(), 'corrupt.csv');
    expect(result.status).toBe('COMPLETED_WITH_ERRORS');

    const written = (await readFile(join(folder, 'out', 'items.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    expect(written.map((row) => row.sku)).toEqual(['10-4471', '10-4473', '10-4475']);

    const deadLetters = await store.listDeadLetters({ runId: result.runId });
    expect(deadLetters.map((letter) => [letter.nodeId, letter.recordKey, letter.origin.line, letter.errorKind, letter.errorMessage])).toEqual([
      ['read', '10-4472', 3, 'input', 'corrupt.csv line 3: row has 2 fields; the header has 3'],
      ['read', '10-4474', 5, 'input', "corrupt.csv line 5: field 2 (column 'name') contains a NUL character (U+0000)"],
      ['read', '10-4476', 7, 'input', "corrupt.csv line 7: field 2 (column 'name') opens a quote that is not closed before the end of the file"],
    ]);
    expect(deadLetters.map((letter) => letter.record.data)).toEqual([
      { sku: '10-4472', name: 'Mutter' },
      { sku: '10-4474', name: 'Ha\0ken', qty: '3' },
      { sku: '10-4476', name: 'Winkel,4\n' },
    ]);

    const steps = Object.fromEntries(result.steps.map((step) => [step.nodeId, step]));
    expect(steps.read).toMatchObject({ status: 'COMPLETED', outputs: { out: 3, error: 0 }, errors: 3 });
    expect(steps['to-erp']).toMatchObject({ status: 'COMPLETED', recordsIn: 3 });
  });

  it('writes failed rows to an exceptions file from the error port', async () => {
    await writeFile(join(folder, 'corrupt.csv'), CORRUPT_CSV);
    const result = await run(buildFlow({ exceptions: true }), 'corrupt.csv');
    expect(result.status).toBe('COMPLETED');
    expect(await store.listDeadLetters({ runId: result.runId })).toEqual([]);

    const exceptions = (await readFile(join(folder, 'out', 'exceptions.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { key: string; origin: { line: number; file: string }; errors: { rule: string; message: string; node: string }[] });
    expect(exceptions.map((entry) => [entry.key, entry.origin.line, entry.origin.file])).toEqual([
      ['10-4472', 3, join(folder, 'corrupt.csv')],
      ['10-4474', 5, join(folder, 'corrupt.csv')],
      ['10-4476', 7, join(folder, 'corrupt.csv')],
    ]);
    expect(exceptions[0]?.errors).toEqual([{ rule: 'input-error', message: 'corrupt.csv line 3: row has 2 fields; the header has 3', node: 'read' }]);
  });

  it('leaves earlier outputs untouched when a run fails', async () => {
    await writeFile(join(folder, 'items.csv'), GOOD_CSV);
    await writeFile(join(folder, 'corrupt.csv'), CORRUPT_CSV);
    expect((await run(buildFlow(), 'items.csv')).status).toBe('COMPLETED');
    const jsonBefore = await readFile(join(folder, 'out', 'items.jsonl'));
    const erpBefore = await readFile(join(folder, 'out', 'erp', 'items.csv'));

    const failed = await run(buildFlow({ readOnError: 'fail-run' }), 'corrupt.csv');
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe("node 'read': corrupt.csv line 3: row has 2 fields; the header has 3");
    expect((await readFile(join(folder, 'out', 'items.jsonl'))).equals(jsonBefore)).toBe(true);
    expect((await readFile(join(folder, 'out', 'erp', 'items.csv'))).equals(erpBefore)).toBe(true);
    expect((await readdir(join(folder, 'out'))).sort()).toEqual(['erp', 'items.jsonl']);
    expect(await readdir(join(folder, 'out', 'erp'))).toEqual(['items.csv']);
  });

  it('fails the run for a missing input file', async () => {
    const result = await run(buildFlow(), 'missing.csv');
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(`node 'read': file not found: ${join(folder, 'missing.csv')}`);
  });
});
