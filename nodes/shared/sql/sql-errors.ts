/**
 * Sorts database errors by what the node should do with them:
 *
 * - `row`: the row's values break a rule of the table (a constraint, a type); fail that record.
 * - `transient`: the connection or the server had a passing problem (lost connection, lock,
 *   serialization failure, shutdown); retry.
 * - `statement`: the statement or configuration is wrong (a missing table or column, a syntax
 *   error, bad credentials). Every record would fail the same way, so the run fails.
 */
export type SqlFailureKind = 'row' | 'transient' | 'statement';

interface DriverError {
  code?: unknown;
  detail?: unknown;
  message?: unknown;
}

/** PostgreSQL SQLSTATE classes (the first two characters of the code) that mean a passing problem. */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);
/** Socket error codes of a connection that failed or broke. */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export function classifySqlError(error: unknown): SqlFailureKind {
  const details = error as DriverError | null;
  const code = typeof details?.code === 'string' ? details.code : '';
  const message = typeof details?.message === 'string' ? details.message : '';
  if (code.startsWith('SQLITE_')) {
    if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG') {
      return 'row';
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_IOERR')) {
      return 'transient';
    }
    return 'statement';
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    const sqlstateClass = code.slice(0, 2);
    if (sqlstateClass === '23' || sqlstateClass === '22') {
      return 'row';
    }
    return TRANSIENT_SQLSTATE_CLASSES.has(sqlstateClass) ? 'transient' : 'statement';
  }
  if (CONNECTION_ERROR_CODES.has(code) || /Connection terminated|connection .*(closed|ended)/i.test(message)) {
    return 'transient';
  }
  return 'statement';
}

/** Returns the driver's message with PostgreSQL's detail line, such as `Key (sku)=(A-1) already exists.` */
export function describeSqlError(error: unknown): string {
  const details = error as DriverError | null;
  const message = typeof details?.message === 'string' ? details.message : String(error);
  return typeof details?.detail === 'string' && details.detail !== '' ? `${message} (${details.detail})` : message;
}
