/**
 * One flow end to end through runFlow: items read from an SQLite file, enriched with stock levels
 * from a local HTTP API, and upserted into a PostgreSQL table, with the run history in a temporary
 * SQLite run store. Credentials come in as secret references.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { runFlow } from '../../engine/runtime/run-flow.js';
import { createEnvironmentSecretResolver } from '../../engine/runtime/secrets.js';
import { SqliteRunStore } from '../../engine/store/sqlite-run-store.js';
import { createNodeRegistry } from '../../nodes/index.js';
import { sendJson, startHttpServer, type TestHttpServer } from '../support/http-test-server.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';

const API_TOKEN = 'stock-api-token-7f3a';

let folder: string;
let postgres: PostgresServer;
let api: TestHttpServer;
let warehouse: pg.Client;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-connectors-flow-'));
  const erp = new Database(join(folder, 'erp.db'));
  erp.exec('CREATE TABLE items (sku TEXT PRIMARY KEY, name TEXT, price REAL)');
  const insert = erp.prepare('INSERT INTO items VALUES (?, ?, ?)');
  insert.run('A-1', 'Hex bolt M8', 0.42);
  insert.run('A-2', 'Washer M8', 0.05);
  insert.run('B-3', 'Discontinued anchor', 1.5);
  insert.run('C-4', 'Nut M8', 0.07);
  insert.run('Z-9', 'Sample, free', 0);
  erp.close();

  [postgres, api] = await Promise.all([startPostgres(), startHttpServer()]);
  warehouse = new pg.Client({ connectionString: postgres.url });
  await warehouse.connect();

  api.route('GET /stock', (request, response) => {
    if (request.headers.authorization !== `Bearer ${API_TOKEN}`) {
      sendJson(response, 401, { error: 'missing token' });
      return;
    }
    const sku = request.query.get('sku');
    if (sku === 'B-3') {
      sendJson(response, 422, { error: `item ${sku} is blocked in the warehouse` });
      return;
    }
    sendJson(response, 200, { sku, quantity: sku === 'A-1' ? 120 : 7, bin: `R-${sku}` });
  });
});

afterAll(async () => {
  await warehouse?.end();
  await Promise.all([postgres?.stop(), api?.close()]);
  await rm(folder, { recursive: true, force: true });
});

function stockFlow(): FlowDocument {
  return {
    formatVersion: 1,
    id: 'item-stock-sync',
    name: 'Item stock sync',
    parameters: { minimumPrice: { type: 'number', default: 0.01 } },
    nodes: [
      {
        id: 'read-items',
        type: 'sql.query',
        typeVersion: 1,
        name: 'Items from ERP',
        config: {
          connection: { driver: 'sqlite', path: 'erp.db' },
          query: 'SELECT sku, name, price FROM items WHERE price >= :minimum ORDER BY sku',
          parameters: { minimum: { value: { $param: 'minimumPrice' } } },
          keyColumn: 'sku',
        },
        position: { x: 0, y: 0 },
      },
      {
        id: 'stock',
        type: 'http.request',
        typeVersion: 1,
        name: 'Stock from WMS',
        config: {
          role: 'enrich',
          url: `${api.url}/stock`,
          query: { sku: { expression: 'sku' } },
          auth: { type: 'bearer', token: { $secret: 'wms-token' } },
          target: 'stock',
        },
        retry: { maximumAttempts: 2, initialInterval: '5ms', jitter: 0 },
        position: { x: 200, y: 0 },
      },
      {
        id: 'write',
        type: 'sql.upsert',
        typeVersion: 1,
        name: 'Stock table',
        config: {
          connection: { driver: 'postgres', url: `postgres://${postgres.user}@127.0.0.1:${postgres.port}/${postgres.database}`, password: { $secret: 'warehouse-db-password' } },
          table: 'item_stock',
          keyColumns: ['sku'],
          columns: [
            { column: 'sku' },
            { column: 'name' },
            { column: 'price', type: 'numeric' },
            { column: 'quantity', field: 'stock.quantity', type: 'integer' },
            { column: 'bin', field: 'stock.bin' },
          ],
          createTable: true,
        },
        position: { x: 400, y: 0 },
      },
    ],
    edges: [
      { from: { node: 'read-items', port: 'out' }, to: { node: 'stock', port: 'in' } },
      { from: { node: 'stock', port: 'out' }, to: { node: 'write', port: 'in' } },
    ],
  };
}

describe('sql.query to http.request to sql.upsert', () => {
  it('syncs items, dead-letters the rejected one and skips unchanged rows on a rerun', async () => {
    const store = new SqliteRunStore(join(folder, 'history.db'));
    const secrets = createEnvironmentSecretResolver({
      FLOWMASON_SECRET_WMS_TOKEN: API_TOKEN,
      FLOWMASON_SECRET_WAREHOUSE_DB_PASSWORD: postgres.password,
    });
    const options = { flow: stockFlow(), registry: createNodeRegistry(), store, flowDir: folder, secrets, batchSize: 2 };

    try {
      const result = await runFlow(options);

      expect(result.error).toBeNull();
      expect(result.status).toBe('COMPLETED_WITH_ERRORS');
      const rows = await warehouse.query('SELECT sku, name, price::text AS price, quantity, bin FROM item_stock ORDER BY sku');
      expect(rows.rows).toEqual([
        { sku: 'A-1', name: 'Hex bolt M8', price: '0.42', quantity: '120', bin: 'R-A-1' },
        { sku: 'A-2', name: 'Washer M8', price: '0.05', quantity: '7', bin: 'R-A-2' },
        { sku: 'C-4', name: 'Nut M8', price: '0.07', quantity: '7', bin: 'R-C-4' },
      ]);

      const steps = await store.getSteps(result.runId);
      expect(steps.map((step) => [step.nodeId, step.status, step.recordsIn, step.outputs, step.errors])).toEqual([
        ['read-items', 'COMPLETED', 0, { out: 4, error: 0 }, 0],
        ['stock', 'COMPLETED', 4, { out: 3, error: 0 }, 1],
        ['write', 'COMPLETED', 3, { out: 3, unchanged: 0, error: 0 }, 0],
      ]);

      const deadLetters = await store.listDeadLetters({ runId: result.runId });
      expect(deadLetters.map((letter) => [letter.nodeId, letter.recordKey, letter.errorKind, letter.attempts, letter.errorMessage])).toEqual([
        ['stock', 'B-3', 'input', 1, `GET ${api.url}/stock returned 422 Unprocessable Entity: {"error":"item B-3 is blocked in the warehouse"}`],
      ]);
      expect(deadLetters[0]?.record.data).toEqual({ sku: 'B-3', name: 'Discontinued anchor', price: 1.5 });
      expect(JSON.stringify(deadLetters)).not.toContain(API_TOKEN);

      const ledger = await store.findDeliveries('A-1');
      expect(ledger.map((entry) => [entry.target, entry.runId, entry.nodeId])).toEqual([
        [`sql:postgres:127.0.0.1:${postgres.port}/${postgres.database}/item_stock`, result.runId, 'write'],
      ]);

      const rerun = await runFlow({ ...options, continuation: { reason: 'rerun', parentRunId: result.runId } });

      const rerunSteps = await store.getSteps(rerun.runId);
      expect(rerunSteps.find((step) => step.nodeId === 'write')?.outputs).toEqual({ out: 0, unchanged: 3, error: 0 });
      expect((await store.findDeliveries('A-1')).map((entry) => entry.runId)).toEqual([result.runId]);
    } finally {
      await store.close();
    }
  });
});
