import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, TransientError } from '../../engine/errors.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { startPostgres, type PostgresServer } from '../../test/support/postgres.js';
import { compileNamedParameters } from '../shared/sql/named-parameters.js';
import { parsePostgresUrl } from '../shared/sql/postgres-database.js';
import { sqlQueryNode } from './sql-query.node.js';

let scratch: string;
let erpPath: string;
let server: PostgresServer;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flowmason-sql-query-'));
  erpPath = join(scratch, 'erp.db');
  const erp = new Database(erpPath);
  erp.exec(`
    CREATE TABLE items (sku TEXT PRIMARY KEY, name TEXT, price REAL, picture BLOB, active INTEGER);
    CREATE TABLE stock (sku TEXT, warehouse TEXT, quantity INTEGER);
  `);
  const insert = erp.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)');
  insert.run('10-4471', 'Hex bolt M8', 0.42, Buffer.from('png'), 1);
  insert.run('10-4472', "Washer 'DIN 127'", 0.05, null, 1);
  insert.run('10-4473', 'Nut M8', 0.07, null, 0);
  insert.run('10-4474', null, 12.5, null, 1);
  const stock = erp.prepare('INSERT INTO stock VALUES (?, ?, ?)');
  stock.run('10-4471', 'north', 120);
  stock.run('10-4471', 'south', 30);
  stock.run('10-4472', 'north', 0);
  erp.exec('CREATE TABLE numbers (n INTEGER)');
  erp.exec('WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000) INSERT INTO numbers SELECT n FROM c');
  erp.close();
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('sql.query source on SQLite', () => {
  it('emits one record per row with its key', async () => {
    const result = await runNode(
      sqlQueryNode,
      {
        connection: { driver: 'sqlite', path: erpPath },
        query: 'SELECT sku, name, price, picture FROM items WHERE active = :active AND price >= :minimum ORDER BY sku',
        parameters: { active: { value: true }, minimum: { expression: '$params.minimumPrice' } },
        keyColumn: 'sku',
      },
      { params: { minimumPrice: 0.06 } },
    );

    expect(result.failures).toEqual([]);
    expect(result.ports.out?.map((record) => record.key)).toEqual(['10-4471', '10-4474']);
    expect(result.ports.out?.[0]?.data).toEqual({ sku: '10-4471', name: 'Hex bolt M8', price: 0.42, picture: Buffer.from('png').toString('base64') });
    expect(result.ports.out?.[1]?.origin).toEqual({ node: 'node-under-test', index: 1 });
  });

  it('leaves colons inside literals alone', async () => {
    const result = await runNode(sqlQueryNode, {
      connection: { driver: 'sqlite', path: erpPath },
      query: "SELECT ':not_a_parameter' AS text, /* :neither */ :sku AS sku -- :nor\n",
      parameters: { sku: { value: 'x' } },
    });

    expect(result.ports.out?.[0]?.data).toEqual({ text: ':not_a_parameter', sku: 'x' });
  });

  it('streams a large result in batches', async () => {
    let recordsAtFirstFlush = -1;

    const result = await runNode(
      sqlQueryNode,
      { connection: { driver: 'sqlite', path: erpPath }, query: 'SELECT n FROM numbers ORDER BY n', keyColumn: 'n', fetchSize: 700 },
      {
        batchSize: 1000,
        onFlush: (progress) => {
          if (recordsAtFirstFlush === -1) {
            recordsAtFirstFlush = progress.ports.out?.length ?? 0;
          }
        },
      },
    );

    expect(result.ports.out).toHaveLength(20000);
    expect(recordsAtFirstFlush).toBe(1000);
    expect(result.ports.out?.[19999]?.key).toBe('20000');
  });

  it('fails a row without a key value', async () => {
    const result = await runNode(sqlQueryNode, { connection: { driver: 'sqlite', path: erpPath }, query: 'SELECT name, sku FROM items ORDER BY sku', keyColumn: 'name' });

    expect(result.ports.out).toHaveLength(3);
    expect(result.failures.map((failure) => [failure.kind, failure.message])).toEqual([['input', "row 4 has no value in key column 'name'"]]);
  });

  it('rejects a key column missing from the result', async () => {
    await expect(runNode(sqlQueryNode, { connection: { driver: 'sqlite', path: erpPath }, query: 'SELECT name FROM items', keyColumn: 'sku' })).rejects.toThrow(
      "key column 'sku' is not in the query's result; its columns: name",
    );
  });

  it('rejects a parameter the config does not define', async () => {
    const run = runNode(sqlQueryNode, { connection: { driver: 'sqlite', path: erpPath }, query: 'SELECT * FROM items WHERE sku = :sku' });

    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow("config field 'parameters': the query uses parameter :sku, which parameters does not define");
  });

  it('rejects a database file that does not exist', async () => {
    await expect(runNode(sqlQueryNode, { connection: { driver: 'sqlite', path: 'absent.db' }, query: 'SELECT 1' }, { baseDir: scratch })).rejects.toThrow(
      `SQLite database ${join(scratch, 'absent.db')} does not exist`,
    );
  });
});

describe('sql.query enrichment on SQLite', () => {
  const records = makeRecords([{ sku: '10-4471' }, { sku: '10-4472' }, { sku: '99-0000' }], 'sku');

  it('merges the first row into the record', async () => {
    const result = await runNode(
      sqlQueryNode,
      { connection: { driver: 'sqlite', path: erpPath }, role: 'enrich', query: 'SELECT name, price FROM items WHERE sku = :sku', parameters: { sku: { field: 'sku' } } },
      { batches: [records] },
    );

    expect(result.ports.out?.map((record) => record.data)).toEqual([
      { sku: '10-4471', name: 'Hex bolt M8', price: 0.42 },
      { sku: '10-4472', name: "Washer 'DIN 127'", price: 0.05 },
      { sku: '99-0000' },
    ]);
    expect(result.ports.out?.map((record) => record.key)).toEqual(['10-4471', '10-4472', '99-0000']);
  });

  it('puts all rows at the target', async () => {
    const result = await runNode(
      sqlQueryNode,
      {
        connection: { driver: 'sqlite', path: erpPath },
        role: 'enrich',
        query: 'SELECT warehouse, quantity FROM stock WHERE sku = :sku ORDER BY warehouse',
        parameters: { sku: { expression: 'sku' } },
        target: 'erp.stock',
        rows: 'all',
      },
      { batches: [records.slice(0, 2)] },
    );

    expect(result.ports.out?.[0]?.data).toEqual({ sku: '10-4471', erp: { stock: [{ warehouse: 'north', quantity: 120 }, { warehouse: 'south', quantity: 30 }] } });
    expect(result.ports.out?.[1]?.data).toEqual({ sku: '10-4472', erp: { stock: [{ warehouse: 'north', quantity: 0 }] } });
  });

  it('fails a record without a row when required', async () => {
    const result = await runNode(
      sqlQueryNode,
      { connection: { driver: 'sqlite', path: erpPath }, role: 'enrich', query: 'SELECT name FROM items WHERE sku = :sku', parameters: { sku: { field: 'sku' } }, target: 'erp', required: true },
      { batches: [records] },
    );

    expect(result.ports.out?.map((record) => record.data.erp)).toEqual([{ name: 'Hex bolt M8' }, { name: "Washer 'DIN 127'" }]);
    expect(result.failures.map((failure) => [failure.record.key, failure.message])).toEqual([['99-0000', 'the query returned no row for this record, and required is set']]);
  });

  it('fails the run on a statement error', async () => {
    const run = runNode(
      sqlQueryNode,
      { connection: { driver: 'sqlite', path: erpPath }, role: 'enrich', query: 'SELECT colour FROM items WHERE sku = :sku', parameters: { sku: { field: 'sku' } } },
      { batches: [records] },
    );

    await expect(run).rejects.toThrow(`query on ${erpPath} failed: no such column: colour`);
  });

  it('rejects field parameters in a source', () => {
    const problems = sqlQueryNode.check?.(
      { connection: { driver: 'sqlite', path: 'x.db' }, query: 'SELECT :sku', parameters: { sku: { field: 'sku' } } },
      { resolvePath: (path) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } },
    );

    expect(problems).toEqual([{ field: 'parameters.sku', message: 'a source has no input record, so a parameter cannot come from a field; use value or expression' }]);
  });
});

describe('sql.query on PostgreSQL', () => {
  const connection = (): { driver: 'postgres'; url: string; password: string } => ({
    driver: 'postgres',
    url: `postgres://${server.user}@127.0.0.1:${server.port}/${server.database}`,
    password: server.password,
  });

  it('streams rows through a cursor with bound parameters', async () => {
    const batches: number[] = [];

    const result = await runNode(
      sqlQueryNode,
      {
        connection: connection(),
        query: 'SELECT g AS n, :label::text AS label, (g % 2 = 0) AS even FROM generate_series(1, :count) AS g WHERE g > :skip ORDER BY g',
        parameters: { label: { value: 'row' }, count: { value: 5000 }, skip: { expression: '$params.skip' } },
        keyColumn: 'n',
        fetchSize: 400,
      },
      { params: { skip: 10 }, batchSize: 1000, onFlush: (progress) => batches.push(progress.ports.out?.length ?? 0) },
    );

    expect(result.ports.out).toHaveLength(4990);
    expect(result.ports.out?.[0]).toMatchObject({ key: '11', data: { n: 11, label: 'row', even: false } });
    expect(batches[0]).toBe(1000);
  });

  it('returns dates, decimals and JSON as JSON values', async () => {
    const result = await runNode(sqlQueryNode, {
      connection: connection(),
      query: "SELECT DATE '2026-12-04' AS day, TIMESTAMPTZ '2026-12-04 10:30:00+00' AS at, 12.345::numeric(10,3) AS price, 9007199254740993::int8 AS big, 42::int8 AS small, '{\"a\": [1]}'::jsonb AS doc, '\\x00ff'::bytea AS bytes",
    });

    expect(result.ports.out?.[0]?.data).toEqual({ day: '2026-12-04', at: '2026-12-04 10:30:00+00', price: '12.345', big: '9007199254740993', small: 42, doc: { a: [1] }, bytes: 'AP8=' });
  });

  it('enriches records with one query each', async () => {
    const result = await runNode(
      sqlQueryNode,
      { connection: connection(), role: 'enrich', query: 'SELECT upper(:sku) AS code, length(:sku) AS size', parameters: { sku: { field: 'sku' } }, target: 'pg' },
      { batches: [makeRecords([{ sku: 'ab' }, { sku: 'xyz' }])] },
    );

    expect(result.ports.out?.map((record) => record.data.pg)).toEqual([
      { code: 'AB', size: 2 },
      { code: 'XYZ', size: 3 },
    ]);
  });

  it('rejects a wrong password without showing it', async () => {
    const run = runNode(sqlQueryNode, { connection: { ...connection(), password: 'not-the-password-42' }, query: 'SELECT 1' });

    await expect(run).rejects.toThrow(InputError);
    const error = (await run.then(
      () => undefined,
      (caught: unknown) => caught,
    )) as Error;
    expect(error.message).toBe(`connecting to PostgreSQL at 127.0.0.1:${server.port}/${server.database} failed: password authentication failed for user "${server.user}"`);
    expect(error.message).not.toContain('not-the-password-42');
  });

  it('reports an unreachable server as transient', async () => {
    const run = runNode(sqlQueryNode, { connection: { driver: 'postgres', url: 'postgres://nobody:secret-pw@127.0.0.1:1/none' }, query: 'SELECT 1' });

    await expect(run).rejects.toThrow(TransientError);
    await expect(run).rejects.toThrow(/^connecting to PostgreSQL at 127\.0\.0\.1:1\/none failed: connect ECONNREFUSED 127\.0\.0\.1:1$/);
  });
});

describe('parsePostgresUrl', () => {
  it('reads user, host, port and database', () => {
    const { config, location } = parsePostgresUrl('postgresql://erp%40reader:p%3Ass@db.internal:6543/erp?sslmode=require', undefined);

    expect(config).toMatchObject({ user: 'erp@reader', password: 'p:ss', host: 'db.internal', port: 6543, database: 'erp', ssl: { rejectUnauthorized: false } });
    expect(location).toBe('db.internal:6543/erp');
  });

  it('rejects a password given twice', () => {
    expect(() => parsePostgresUrl('postgres://u:one@h/db', 'two')).toThrow('connection.url contains a password and connection.password gives another; give it in one place');
  });

  it('rejects unknown URL parameters without quoting the URL', () => {
    expect(() => parsePostgresUrl('postgres://u:hidden@h/db?options=x', undefined)).toThrow(
      "connection.url parameter 'options' is not supported; supported: sslmode, host, application_name",
    );
    expect(() => parsePostgresUrl('mysql://u:hidden@h/db', undefined)).toThrow('connection.url must start with postgres:// or postgresql://, not mysql://');
  });
});

describe('compileNamedParameters', () => {
  it('numbers each distinct name once for PostgreSQL', () => {
    expect(compileNamedParameters("SELECT :a, :b, :a, x::int, $tag$ :c $tag$, ':d', \"e:f\"", 'numbered')).toEqual({
      text: "SELECT $1, $2, $1, x::int, $tag$ :c $tag$, ':d', \"e:f\"",
      names: ['a', 'b'],
    });
  });

  it('puts a question mark at each use for SQLite', () => {
    expect(compileNamedParameters("SELECT :a, :b, :a -- :c\nFROM t WHERE s = 'it''s :e'", 'question')).toEqual({
      text: "SELECT ?, ?, ? -- :c\nFROM t WHERE s = 'it''s :e'",
      names: ['a', 'b', 'a'],
    });
  });
});
