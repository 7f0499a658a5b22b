/**
 * Access shared by the parts of the SQLite run store: the connection and the way they write.
 */
import type Database from 'better-sqlite3';

export interface SqliteAccess {
  readonly db: Database.Database;
  /** Runs `work` in a `BEGIN IMMEDIATE` transaction, or as a savepoint inside one already open. */
  write<T>(work: () => T): T;
  /**
   * Like {@link write}, but commits without waiting for the disk (`synchronous=NORMAL`): for
   * frequent writes whose loss on a power cut does no harm, such as ledger rows staged before
   * their effect is visible. The next ordinary write makes them durable too, because syncing
   * the write-ahead log syncs every transaction before it.
   */
  writeRelaxed<T>(work: () => T): T;
}

/** Values bound to one SQL statement at most; lists longer than this are split. */
export const SQL_LIST_CHUNK = 500;

/** Splits `items` into lists of at most {@link SQL_LIST_CHUNK}. */
export function chunks<T>(items: readonly T[], size = SQL_LIST_CHUNK): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    result.push(items.slice(start, start + size));
  }
  return result;
}

/** Returns `?, ?, ?` for `count` parameters. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

export function now(): string {
  return new Date().toISOString();
}
