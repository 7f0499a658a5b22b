import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../engine/sdk/content-hash.js';
import type { NodeInstance } from '../../engine/sdk/node-kind.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { startPostgres, type PostgresServer } from '../../test/support/postgres.js';
import { sqlUpsertNode } from './sql-upsert.node.js';
import type { SqlUpsertConfig } from './sql-upsert.schema.js';

let scratch: string;
let server: PostgresServer;
let admin: pg.Client;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flowmason-sql-upsert-'));
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url, application_name: 'test-admin' });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

const items = [
  { sku: '10-4471', name: 'Hex bolt M8', price: 0.42, active: true, tags: ['metric'] },
  { sku: '10-4472', name: 'Washer', price: 0.05, active: false, tags: [] },
  { sku: '10-4473', name: 'Nut M8', price: 0.07, active: true, tags: ['metric', 'nylon'] },
];

const fastRetry = { initialInterval: 5, maximumInterval: 20, maximumAttempts: 3, jitter: 0 };

function sqliteConfig(path: string, more: Partial<SqlUpsertConfig> = {}): SqlUpsertConfig {
  return {
    connection: { driver: 'sqlite', path },
    table: 'items',
    keyColumns: ['sku'],
    columns: [{ column: 'sku' }, { column: 'name' }, { column: 'price', type: 'real' }, { column: 'active', type: 'boolean' }, { column: 'tags', type: 'json' }],
    createTable: true,
    ...more,
  };
}

describe('sql.upsert on SQLite', () => {
  it('inserts new keys and updates known ones', async () => {
    const path = join(scratch, 'upsert.db');
    const ledger = new Map<string, Map<string, string>>();

    const first = await runNode(sqlUpsertNode, sqliteConfig(path), { batches: [makeRecords(items, 'sku')], ledger });
    const changed = items.map((item) => (item.sku === '10-4472' ? { ...item, price: 0.06 } : item));
    const second = await runNode(sqlUpsertNode, sqliteConfig(path), { batches: [makeRecords(changed, 'sku')], ledger });

    expect(first.ports.out).toHaveLength(3);
    expect(second.ports.out?.map((record) => record.key)).toEqual(['10-4472']);
    expect(second.ports.unchanged?.map((record) => record.key)).toEqual(['10-4471', '10-4473']);
    const database = new Database(path, { readonly: true });
    expect(database.prepare('SELECT * FROM items ORDER BY sku').all()).toEqual([
      { sku: '10-4471', name: 'Hex bolt M8', price: 0.42, active: 1, tags: '["metric"]' },
      { sku: '10-4472', name: 'Washer', price: 0.06, active: 0, tags: '[]' },
      { sku: '10-4473', name: 'Nut M8', price: 0.07, active: 1, tags: '["metric","nylon"]' },
    ]);
    database.close();
  });

  it('records each written row in the ledger', async () => {
    const path = join(scratch, 'ledger.db');

    const result = await runNode(sqlUpsertNode, sqliteConfig(path), { batches: [makeRecords(items.slice(0, 2), 'sku')] });

    expect(result.deliveries).toEqual([
      {
        target: `sql:sqlite:${path}/items`,
        deliveries: items.slice(0, 2).map((item) => ({ key: item.sku, hash: contentHash(item) })),
      },
    ]);
  });

  it('writes every row again when skipUnchanged is off', async () => {
    const path = join(scratch, 'always.db');
    const ledger = new Map<string, Map<string, string>>();

    await runNode(sqlUpsertNode, sqliteConfig(path), { batches: [makeRecords(items, 'sku')], ledger });
    const again = await runNode(sqlUpsertNode, sqliteConfig(path, { skipUnchanged: false }), { batches: [makeRecords(items, 'sku')], ledger });

    expect(again.ports.out).toHaveLength(3);
    expect(again.ports.unchanged).toBeUndefined();
  });

  it('fails only the rows the table rejects', async () => {
    const path = join(scratch, 'constraints.db');
    const setup = new Database(path);
    setup.exec('CREATE TABLE items (sku TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, price REAL CHECK (price >= 0))');
    setup.close();
    const rows = [
      { sku: 'A-1', name: 'one', price: 1 },
      { sku: 'A-2', name: 'two', price: -2 },
      { sku: 'A-3', name: 'three', price: 3 },
      { sku: 'A-4', name: null, price: 4 },
      { sku: 'A-5', name: 'five', price: 5 },
    ];

    const result = await runNode(
      sqlUpsertNode,
      { connection: { driver: 'sqlite', path }, table: 'items', keyColumns: ['sku'], columns: [{ column: 'sku' }, { column: 'name' }, { column: 'price' }] },
      { batches: [makeRecords(rows, 'sku')] },
    );

    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.message])).toEqual([
      ['A-2', 'input', "table items rejected the row for key 'A-2': CHECK constraint failed: price >= 0"],
      ['A-4', 'input', "table items rejected the row for key 'A-4': NOT NULL constraint failed: items.name"],
    ]);
    expect(result.ports.out?.map((record) => record.key)).toEqual(['A-1', 'A-3', 'A-5']);
    expect(result.deliveries[0]?.deliveries.map((delivery) => delivery.key)).toEqual(['A-1', 'A-3', 'A-5']);
    const database = new Database(path, { readonly: true });
    expect(database.prepare('SELECT sku FROM items ORDER BY sku').pluck().all()).toEqual(['A-1', 'A-3', 'A-5']);
    database.close();
  });

  it('maps columns from fields, expressions and constants', async () => {
    const path = join(scratch, 'mapping.db');
    const config: SqlUpsertConfig = {
      connection: { driver: 'sqlite', path },
      table: 'prices',
      keyColumns: ['sku', 'list'],
      columns: [
        { column: 'sku', field: 'item.sku' },
        { column: 'list', value: 'retail' },
        { column: 'gross', expression: 'item.net * 1.2', type: 'real' },
      ],
      createTable: true,
    };

    const result = await runNode(sqlUpsertNode, config, { batches: [makeRecords([{ item: { sku: 'B-1', net: 10 } }, { item: { sku: 'B-2', net: 5 } }])] });

    expect(result.deliveries[0]?.deliveries.map((delivery) => delivery.key)).toEqual(['["B-1","retail"]', '["B-2","retail"]']);
    const database = new Database(path, { readonly: true });
    expect(database.prepare('SELECT * FROM prices ORDER BY sku').all()).toEqual([
      { sku: 'B-1', list: 'retail', gross: 12 },
      { sku: 'B-2', list: 'retail', gross: 6 },
    ]);
    database.close();
  });

  it('fails a record whose column expression fails', async () => {
    const path = join(scratch, 'expression.db');
    const config = sqliteConfig(path, { columns: [{ column: 'sku' }, { column: 'name', expression: 'name & "-" & $string(size + 1)' }] });

    const result = await runNode(sqlUpsertNode, config, { batches: [makeRecords([{ sku: 'E-1', name: 'a', size: 1 }, { sku: 'E-2', name: 'b', size: 'large' }], 'sku')] });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['E-1']);
    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.message])).toEqual([
      ['E-2', 'input', 'column \'name\': expression \'name & "-" & $string(size + 1)\' failed at column 27: The left side of the "+" operator must evaluate to a number'],
    ]);
  });

  it('fails a record whose key column is empty', async () => {
    const path = join(scratch, 'empty-key.db');

    const result = await runNode(sqlUpsertNode, sqliteConfig(path), { batches: [makeRecords([{ sku: '', name: 'x' }, { name: 'y' }, items[0]!])] });

    expect(result.failures.map((failure) => failure.message)).toEqual([
      "key column 'sku' has no value for this record, so the row cannot be matched in table items",
      "key column 'sku' has no value for this record, so the row cannot be matched in table items",
    ]);
    expect(result.ports.out).toHaveLength(1);
  });

  it('fails the run when the table does not exist', async () => {
    const path = join(scratch, 'no-table.db');
    new Database(path).close();

    await expect(runNode(sqlUpsertNode, sqliteConfig(path, { createTable: false }), { batches: [makeRecords(items)] })).rejects.toThrow(
      `writing to sql:sqlite:${path}/items failed: no such table: items`,
    );
  });

  it('rejects identifiers that are not plain names', async () => {
    const config = sqliteConfig(join(scratch, 'names.db'), {
      table: 'items; DROP TABLE x',
      keyColumns: ['sku', 'ghost'],
      columns: [{ column: 'sku' }, { column: 'na"me' }],
    });

    expect(sqlUpsertNode.check?.(config, { resolvePath: (path) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } })).toEqual([
      { field: 'table', message: "table 'items; DROP TABLE x': table name part 'items; DROP TABLE x' must start with a letter or underscore and contain only letters, digits and underscores, at most 63 characters" },
      { field: 'columns.1.column', message: "column 'na\"me' must start with a letter or underscore and contain only letters, digits and underscores, at most 63 characters" },
      { field: 'keyColumns.1', message: "key column 'ghost' is not among the mapped columns" },
    ]);
    await expect(runNode(sqlUpsertNode, config, { batches: [] })).rejects.toThrow("config field 'table': table 'items; DROP TABLE x'");
  });
});

describe('sql.upsert on PostgreSQL', () => {
  const connection = (): { driver: 'postgres'; url: string } => ({ driver: 'postgres', url: server.url });

  it('creates the table and writes typed columns', async () => {
    const config: SqlUpsertConfig = {
      connection: connection(),
      table: 'public.items',
      keyColumns: ['sku'],
      columns: [
        { column: 'sku' },
        { column: 'name' },
        { column: 'price', type: 'numeric' },
        { column: 'active', type: 'boolean' },
        { column: 'tags', type: 'json' },
        { column: 'changed_at', value: '2026-12-04T10:30:00Z', type: 'timestamp' },
      ],
      createTable: true,
    };

    const result = await runNode(sqlUpsertNode, config, { batches: [makeRecords(items, 'sku')] });

    expect(result.failures).toEqual([]);
    expect(result.deliveries[0]?.target).toBe(`sql:postgres:127.0.0.1:${server.port}/${server.database}/public.items`);
    const rows = await admin.query("SELECT sku, name, price::text AS price, active, tags, to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS changed_at FROM items ORDER BY sku");
    expect(rows.rows).toEqual([
      { sku: '10-4471', name: 'Hex bolt M8', price: '0.42', active: true, tags: ['metric'], changed_at: '2026-12-04 10:30' },
      { sku: '10-4472', name: 'Washer', price: '0.05', active: false, tags: [], changed_at: '2026-12-04 10:30' },
      { sku: '10-4473', name: 'Nut M8', price: '0.07', active: true, tags: ['metric', 'nylon'], changed_at: '2026-12-04 10:30' },
    ]);
  });

  it('isolates rejected rows inside an aborted transaction', async () => {
    await admin.query('CREATE TABLE checked (sku TEXT PRIMARY KEY, name TEXT NOT NULL, price NUMERIC CHECK (price >= 0))');
    const rows = [
      { sku: 'C-1', name: 'one', price: 1 },
      { sku: 'C-2', name: 'two', price: -2 },
      { sku: 'C-3', name: 'three', price: 'three' },
      { sku: 'C-4', name: 'four', price: 4 },
    ];

    const result = await runNode(
      sqlUpsertNode,
      { connection: connection(), table: 'checked', keyColumns: ['sku'], columns: [{ column: 'sku' }, { column: 'name' }, { column: 'price' }] },
      { batches: [makeRecords(rows, 'sku')] },
    );

    expect(result.failures.map((failure) => [failure.record.key, failure.message])).toEqual([
      ['C-2', 'table checked rejected the row for key \'C-2\': new row for relation "checked" violates check constraint "checked_price_check" (Failing row contains (C-2, two, -2).)'],
      ['C-3', 'table checked rejected the row for key \'C-3\': invalid input syntax for type numeric: "three"'],
    ]);
    expect((await admin.query('SELECT sku FROM checked ORDER BY sku')).rows.map((row: { sku: string }) => row.sku)).toEqual(['C-1', 'C-4']);
  });

  it('retries a batch after a transient server error', async () => {
    await admin.query(`
      CREATE SEQUENCE flaky_attempts;
      CREATE TABLE flaky (sku TEXT PRIMARY KEY, name TEXT);
      CREATE FUNCTION fail_twice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('flaky_attempts') <= 2 THEN
          RAISE EXCEPTION 'simulated serialization failure' USING ERRCODE = '40001';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER flaky_insert BEFORE INSERT ON flaky FOR EACH ROW EXECUTE FUNCTION fail_twice();
    `);
    const config: SqlUpsertConfig = { connection: connection(), table: 'flaky', keyColumns: ['sku'], columns: [{ column: 'sku' }, { column: 'name' }] };

    const result = await runNode(sqlUpsertNode, config, { batches: [makeRecords(items, 'sku')], retry: fastRetry });

    expect(result.failures).toEqual([]);
    expect(result.ports.out).toHaveLength(3);
    expect((await admin.query<{ value: string }>("SELECT last_value::text AS value FROM flaky_attempts")).rows[0]?.value).toBe('5');
  });

  it('fails the batch with the attempt count when retries run out', async () => {
    await admin.query(`
      CREATE TABLE always_busy (sku TEXT PRIMARY KEY);
      CREATE FUNCTION always_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
      END $$;
      CREATE TRIGGER always_busy_insert BEFORE INSERT ON always_busy FOR EACH ROW EXECUTE FUNCTION always_fail();
    `);
    const config: SqlUpsertConfig = { connection: connection(), table: 'always_busy', keyColumns: ['sku'], columns: [{ column: 'sku' }] };

    const result = await runNode(sqlUpsertNode, config, { batches: [makeRecords(items.slice(0, 2), 'sku')], retry: { ...fastRetry, maximumAttempts: 2 } });

    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.attempts])).toEqual([
      ['10-4471', 'transient', 2],
      ['10-4472', 'transient', 2],
    ]);
    expect(result.failures[0]?.message).toBe(`writing to sql:postgres:127.0.0.1:${server.port}/${server.database}/always_busy failed: simulated deadlock`);
    expect(result.deliveries).toEqual([]);
  });

  it('reconnects after the server drops the connection', async () => {
    await admin.query('CREATE TABLE reconnect (sku TEXT PRIMARY KEY, name TEXT)');
    const dropBeforeSecondBatch = {
      ...sqlUpsertNode,
      create: async (...args: Parameters<typeof sqlUpsertNode.create>): Promise<NodeInstance> => {
        const instance = await sqlUpsertNode.create(...args);
        let batches = 0;
        return {
          process: async (batch, out) => {
            batches++;
            if (batches === 2) {
              await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'flowmason'");
            }
            await instance.process!(batch, out);
          },
          finish: (out) => instance.finish!(out),
          abort: () => instance.abort!(),
        };
      },
    };
    const records = makeRecords(items, 'sku');

    const result = await runNode(
      dropBeforeSecondBatch,
      { connection: connection(), table: 'reconnect', keyColumns: ['sku'], columns: [{ column: 'sku' }, { column: 'name' }] },
      { batches: [[records[0]!], [records[1]!, records[2]!]], retry: fastRetry },
    );

    expect(result.failures).toEqual([]);
    expect((await admin.query('SELECT count(*)::int AS count FROM reconnect')).rows[0]).toEqual({ count: 3 });
  });
});
