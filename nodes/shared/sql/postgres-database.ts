/**
 * {@link SqlDatabase} on a PostgreSQL server through one `pg` client. The client reconnects on the
 * next statement after its connection broke. Large results are read through a server-side cursor
 * (DECLARE and FETCH inside a transaction), so only one page of rows is in memory at a time.
 */
import pg from 'pg';
import { InputError, TransientError } from '../../../engine/sdk/index.js';
import type { SqlDatabase, SqlRow } from './sql-database.js';
import { classifySqlError, describeSqlError } from './sql-errors.js';
import { toRecordValues } from './sql-values.js';

const DEFAULT_PORT = 5432;
const CONNECT_TIMEOUT_MS = 10_000;
const SUPPORTED_URL_PARAMETERS = ['sslmode', 'host', 'application_name'];

/** OIDs of PostgreSQL types whose text is kept as it is: dates and timestamps (a JS Date would shift them to local time) and numeric (exact decimals). */
const TEXT_TYPE_OIDS = new Set([1082, 1114, 1184, 1700]);
const INT8_OID = 20;

/** pg's own parser lookup, typed: pg-types declares its result as `any`. */
const defaultTypeParser = pg.types.getTypeParser as (oid: number, format: 'text' | 'binary') => (value: string) => unknown;

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (TEXT_TYPE_OIDS.has(oid)) {
      return (value: string) => value;
    }
    if (oid === INT8_OID) {
      return (value: string) => (Number.isSafeInteger(Number(value)) ? Number(value) : value);
    }
    return defaultTypeParser(oid, format ?? 'text');
  },
};

interface ParsedUrl {
  config: pg.ClientConfig;
  location: string;
}

/**
 * Reads a postgres:// URL into client settings. The URL is parsed here rather than handed to pg as
 * a connection string, because pg lets the connection string override a separately given
 * password. Messages never quote the URL, which may contain the password.
 */
export function parsePostgresUrl(url: string, password: string | undefined): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError('connection.url is not a valid URL; expected postgres://user@host:port/database', { field: 'connection.url' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InputError(`connection.url must start with postgres:// or postgresql://, not ${parsed.protocol}//`, { field: 'connection.url' });
  }
  const urlPassword = decodeURIComponent(parsed.password);
  if (urlPassword !== '' && password !== undefined) {
    throw new InputError('connection.url contains a password and connection.password gives another; give it in one place', { field: 'connection.password' });
  }
  const user = decodeURIComponent(parsed.username);
  let host = decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;

  const config: pg.ClientConfig = {
    user: user === '' ? undefined : user,
    database: database === '' ? undefined : database,
    // pg throws from inside its socket handler, which ends the process, when the server requests a
    // password and none is set. So the password is always a string, empty when none is given.
    password: password ?? urlPassword,
    port,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'flowmason',
    types: typeParsers,
  };
  for (const [name, value] of parsed.searchParams) {
    if (name === 'host') {
      host = value;
    } else if (name === 'application_name') {
      config.application_name = value;
    } else if (name === 'sslmode') {
      config.ssl = sslSetting(value);
    } else {
      throw new InputError(`connection.url parameter '${name}' is not supported; supported: ${SUPPORTED_URL_PARAMETERS.join(', ')}`, { field: 'connection.url' });
    }
  }
  config.host = host === '' ? 'localhost' : host;
  return { config, location: `${config.host}:${port}/${database}` };
}

function sslSetting(mode: string): pg.ClientConfig['ssl'] {
  switch (mode) {
    case 'disable':
      return false;
    case 'require':
      // libpq's `require` encrypts without checking the certificate.
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return true;
    default:
      throw new InputError(`connection.url sslmode '${mode}' is not supported; use disable, require, verify-ca or verify-full`, { field: 'connection.url' });
  }
}

export async function openPostgresDatabase(url: string, password: string | undefined): Promise<SqlDatabase> {
  const { config, location } = parsePostgresUrl(url, password);
  const database = new PostgresDatabase(config, location);
  await database.connection();
  return database;
}

class PostgresDatabase implements SqlDatabase {
  readonly driver = 'postgres' as const;
  readonly placeholderStyle = 'numbered' as const;
  private client: pg.Client | undefined;
  private broken = false;

  constructor(
    private readonly config: pg.ClientConfig,
    readonly location: string,
  ) {}

  /** Returns the open client, connecting first when there is none or the last one broke. */
  async connection(): Promise<pg.Client> {
    if (this.client !== undefined && !this.broken) {
      return this.client;
    }
    this.client?.end().catch(() => undefined);
    const client = new pg.Client(this.config);
    const markBroken = (): void => {
      if (this.client === client) {
        this.broken = true;
      }
    };
    // Without an error listener, a connection that breaks while idle would end the process.
    client.on('error', markBroken);
    client.on('end', markBroken);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      const message = `connecting to PostgreSQL at ${this.location} failed: ${describeSqlError(error)}`;
      if (classifySqlError(error) === 'transient') {
        throw new TransientError(message, undefined, { cause: error });
      }
      throw new InputError(message, { field: 'connection' }, { cause: error });
    }
    this.client = client;
    this.broken = false;
    return client;
  }

  async query(text: string, values: readonly unknown[]): Promise<SqlRow[]> {
    const client = await this.connection();
    const result = await client.query<SqlRow>({ text, values: [...values] });
    return result.rows.map(toRecordValues);
  }

  async *stream(text: string, values: readonly unknown[], pageSize: number): AsyncGenerator<SqlRow[]> {
    const client = await this.connection();
    const statement = text.trim().replace(/;+\s*$/, '');
    const fetch = `FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM flowmason_rows`;
    await client.query('BEGIN');
    let finished = false;
    try {
      await client.query({ text: `DECLARE flowmason_rows NO SCROLL CURSOR FOR ${statement}`, values: [...values] });
      for (;;) {
        const result = await client.query<SqlRow>(fetch);
        if (result.rows.length > 0) {
          yield result.rows.map(toRecordValues);
        }
        if (result.rows.length < pageSize) {
          break;
        }
      }
      await client.query('CLOSE flowmason_rows');
      await client.query('COMMIT');
      finished = true;
    } finally {
      if (!finished && !this.broken) {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
