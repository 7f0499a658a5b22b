/**
 * The running sql.upsert node. Each batch is written in one transaction, one
 * `INSERT ... ON CONFLICT DO UPDATE` per row. When a row breaks a rule of the table, the
 * transaction is rolled back and the batch is written again row by row, each row under a
 * savepoint, so that only the offending records fail and the rest are committed. Transient
 * failures retry the whole batch under the node's retry policy.
 */
import {
  contentHash,
  InputError,
  TransientError,
  type FlowRecord,
  type NodeContext,
  type NodeInstance,
  type Output,
} from '../../engine/sdk/index.js';
import { withRetry } from '../shared/retry.js';
import type { SqlDatabase } from '../shared/sql/sql-database.js';
import { classifySqlError, describeSqlError, type SqlFailureKind } from '../shared/sql/sql-errors.js';
import { toSqlValue } from '../shared/sql/sql-values.js';
import { compileValueSpec, type ValueReader } from '../shared/value-source.js';
import type { SqlUpsertConfig } from './sql-upsert.schema.js';
import { upsertStatement } from './upsert-statements.js';

interface PreparedRow {
  record: FlowRecord;
  /** The ledger key: the record's business key, else the key column values. */
  key: string;
  hash: string;
  values: unknown[];
}

interface BatchOutcome {
  written: PreparedRow[];
  rejected: { row: PreparedRow; error: InputError }[];
}

export class SqlUpserter implements NodeInstance {
  /** The ledger target: `sql:<driver>:<database>/<table>`. */
  readonly target: string;
  private readonly statement: string;
  private readonly readers: ValueReader[];
  private readonly keyIndexes: number[];

  constructor(
    private readonly config: SqlUpsertConfig,
    private readonly database: SqlDatabase,
    private readonly context: NodeContext,
  ) {
    this.target = `sql:${database.driver}:${database.location}/${config.table}`;
    this.statement = upsertStatement(config, database.driver);
    this.readers = config.columns.map((mapping) => {
      const spec = mapping.expression !== undefined ? { expression: mapping.expression } : 'value' in mapping ? { value: mapping.value } : { field: mapping.field ?? mapping.column };
      return compileValueSpec(spec, `column '${mapping.column}'`, context.expressions);
    });
    this.keyIndexes = config.keyColumns.map((column) => config.columns.findIndex((mapping) => mapping.column === column));
  }

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    const rows: PreparedRow[] = [];
    for (const record of batch) {
      try {
        rows.push(await this.prepareRow(record));
      } catch (error) {
        if (!(error instanceof InputError)) {
          throw error;
        }
        out.fail(record, error);
      }
    }
    const changed = await this.dropUnchanged(rows, out);
    if (changed.length === 0) {
      return;
    }

    const result = await withRetry(() => this.writeBatch(changed), {
      settings: this.context.retry,
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: { nodeId: this.context.nodeId, rows: changed.length },
    });
    if (!result.ok) {
      if (result.error instanceof InputError) {
        // The statement itself is wrong (a missing table or column): every record would fail alike.
        throw result.error;
      }
      for (const row of changed) {
        out.fail(row.record, result.error, result.attempts);
      }
      return;
    }
    for (const { row, error } of result.value.rejected) {
      out.fail(row.record, error, result.attempts);
    }
    const written = result.value.written;
    for (const row of written) {
      out.emit('out', row.record);
    }
    if (written.length > 0) {
      await this.context.ledger.recordDeliveries(
        this.target,
        written.map((row) => ({ key: row.key, hash: row.hash })),
      );
    }
  }

  async finish(): Promise<void> {
    await this.database.close();
  }

  async abort(): Promise<void> {
    await this.database.close();
  }

  private async prepareRow(record: FlowRecord): Promise<PreparedRow> {
    const content: Record<string, unknown> = {};
    const values: unknown[] = [];
    for (const [index, mapping] of this.config.columns.entries()) {
      const value = await (this.readers[index] as ValueReader)(record);
      content[mapping.column] = value ?? null;
      values.push(toSqlValue(value, this.database.driver));
    }
    const keyValues = this.keyIndexes.map((index) => values[index]);
    const emptyKey = this.config.keyColumns.find((_column, position) => keyValues[position] === null || keyValues[position] === '');
    if (emptyKey !== undefined) {
      throw new InputError(`key column '${emptyKey}' has no value for this record, so the row cannot be matched in table ${this.config.table}`, { field: emptyKey });
    }
    const key = record.key ?? (keyValues.length === 1 ? String(keyValues[0]) : JSON.stringify(keyValues));
    return { record, key, hash: contentHash(content), values };
  }

  /** Emits rows whose key and content the ledger shows as already delivered here on `unchanged`, and returns the rest. */
  private async dropUnchanged(rows: PreparedRow[], out: Output): Promise<PreparedRow[]> {
    if (this.config.skipUnchanged === false || rows.length === 0) {
      return rows;
    }
    const delivered = await this.context.ledger.lastDelivered(this.target, [...new Set(rows.map((row) => row.key))]);
    const changed: PreparedRow[] = [];
    for (const row of rows) {
      if (delivered.get(row.key) === row.hash) {
        out.emit('unchanged', row.record);
      } else {
        changed.push(row);
      }
    }
    return changed;
  }

  private async writeBatch(rows: PreparedRow[]): Promise<BatchOutcome> {
    try {
      await this.database.query('BEGIN', []);
      for (const row of rows) {
        await this.database.query(this.statement, row.values);
      }
      await this.database.query('COMMIT', []);
      return { written: rows, rejected: [] };
    } catch (error) {
      await this.rollback();
      const kind = classifySqlError(error);
      if (kind === 'row') {
        return this.writeRowByRow(rows);
      }
      throw this.batchError(error, kind);
    }
  }

  private async writeRowByRow(rows: PreparedRow[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { written: [], rejected: [] };
    try {
      await this.database.query('BEGIN', []);
      for (const row of rows) {
        await this.database.query('SAVEPOINT flowmason_row', []);
        try {
          await this.database.query(this.statement, row.values);
          outcome.written.push(row);
        } catch (error) {
          if (classifySqlError(error) !== 'row') {
            throw error;
          }
          await this.database.query('ROLLBACK TO SAVEPOINT flowmason_row', []);
          const message = `table ${this.config.table} rejected the row for key '${row.key}': ${describeSqlError(error)}`;
          outcome.rejected.push({ row, error: new InputError(message, {}, { cause: error }) });
        }
        await this.database.query('RELEASE SAVEPOINT flowmason_row', []);
      }
      await this.database.query('COMMIT', []);
      return outcome;
    } catch (error) {
      await this.rollback();
      throw this.batchError(error, classifySqlError(error));
    }
  }

  private async rollback(): Promise<void> {
    // The transaction may already be gone with a broken connection; the next attempt reconnects.
    await this.database.query('ROLLBACK', []).catch(() => undefined);
  }

  private batchError(error: unknown, kind: SqlFailureKind): Error {
    const message = `writing to ${this.target} failed: ${describeSqlError(error)}`;
    if (kind === 'transient') {
      return new TransientError(message, undefined, { cause: error });
    }
    return new InputError(message, { field: 'table' }, { cause: error });
  }
}
