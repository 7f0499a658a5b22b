import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../../engine/json-schema.js';
import { makeRecords, runNode } from '../../../test/support/node-harness.js';
import { sqlUpsertNode } from '../../sql-upsert/sql-upsert.node.js';
import { connectionSettings, SqlConnectionSchema } from './sql-connection.schema.js';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'flowmason-sql-connection-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('connectionSettings', () => {
  it('reads a connection URL', () => {
    expect(connectionSettings('sqlite:out/erp.db')).toEqual({ driver: 'sqlite', path: 'out/erp.db' });
    expect(connectionSettings('postgres://erp@127.0.0.1:5432/erp')).toEqual({ driver: 'postgres', url: 'postgres://erp@127.0.0.1:5432/erp' });
    expect(connectionSettings('postgresql://erp@db/erp')).toEqual({ driver: 'postgres', url: 'postgresql://erp@db/erp' });
  });

  it('returns the object form unchanged', () => {
    expect(connectionSettings({ driver: 'sqlite', path: 'erp.db' })).toEqual({ driver: 'sqlite', path: 'erp.db' });
  });

  it('accepts only SQLite and PostgreSQL URLs', () => {
    const validate = createAjv().compile(SqlConnectionSchema);
    expect(validate('sqlite:erp.db')).toBe(true);
    expect(validate('postgres://erp@db/erp')).toBe(true);
    expect(validate('mysql://erp@db/erp')).toBe(false);
    expect(validate('sqlite:')).toBe(false);
  });
});

describe('sql.upsert through a connection URL', () => {
  it('writes to the SQLite file relative to the flow', async () => {
    const result = await runNode(
      sqlUpsertNode,
      { connection: 'sqlite:staging/items.db', table: 'items', keyColumns: ['sku'], columns: [{ column: 'sku' }, { column: 'name' }], createTable: true },
      { baseDir: scratch, batches: [makeRecords([{ sku: 'A-1', name: 'Drill' }], 'sku')] },
    );
    expect(result.deliveries.map((entry) => entry.target)).toEqual([`sql:sqlite:${join(scratch, 'staging', 'items.db')}/items`]);
    const database = new Database(join(scratch, 'staging', 'items.db'), { readonly: true });
    expect(database.prepare('SELECT sku, name FROM items').all()).toEqual([{ sku: 'A-1', name: 'Drill' }]);
    database.close();
  });
});
