import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../support/postgres.js';

describe('startPostgres', () => {
  it('starts a server that takes a password over TCP', async () => {
    const server = await startPostgres();
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const result = await client.query<{ answer: number }>('SELECT 41 + 1 AS answer');
      await client.end();
      expect(result.rows[0]?.answer).toBe(42);

      const wrong = new pg.Client({ connectionString: server.url.replace(server.password, 'wrong') });
      await expect(wrong.connect()).rejects.toThrow('password authentication failed');
    } finally {
      await server.stop();
    }
    expect(() => process.kill(server.pid, 0)).toThrow();
  });

  it('says how to install PostgreSQL when it is missing', async () => {
    const saved = process.env.FLOWMASON_PG_BIN;
    process.env.FLOWMASON_PG_BIN = '/nonexistent/postgresql/bin';
    try {
      await expect(startPostgres()).rejects.toThrow(
        'FLOWMASON_PG_BIN is /nonexistent/postgresql/bin, but initdb and pg_ctl are not there. Install it with `apt-get install -y postgresql`',
      );
    } finally {
      if (saved === undefined) {
        delete process.env.FLOWMASON_PG_BIN;
      } else {
        process.env.FLOWMASON_PG_BIN = saved;
      }
    }
  });
});
