/**
 * sql.query as a source: runs the query once and emits one record per row, reading the rows page
 * by page (SQLite's statement iterator, a PostgreSQL cursor), so memory stays flat for any size of
 * result.
 */
import { InputError, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import type { SqlDatabase } from '../shared/sql/sql-database.js';
import { emptyRecord } from '../shared/value-source.js';
import type { PreparedQuery } from './query-parameters.js';

export class SqlSource implements NodeInstance {
  constructor(
    private readonly database: SqlDatabase,
    private readonly query: PreparedQuery,
    private readonly keyColumn: string | undefined,
    private readonly fetchSize: number,
    private readonly context: NodeContext,
  ) {}

  async run(out: Output): Promise<void> {
    const values = await this.query.values(emptyRecord(this.context.nodeId));
    let index = 0;
    for await (const page of this.database.stream(this.query.text, values, this.fetchSize)) {
      for (const row of page) {
        const origin = { node: this.context.nodeId, index: index++ };
        const key = this.keyOf(row);
        if (key === null && this.keyColumn !== undefined) {
          out.fail({ key: null, origin, data: row }, new InputError(`row ${origin.index + 1} has no value in key column '${this.keyColumn}'`, { field: this.keyColumn }));
        } else {
          out.emit('out', { key, origin, data: row });
        }
        if (out.pending >= this.context.batchSize) {
          await out.flush();
        }
      }
    }
  }

  async finish(): Promise<void> {
    await this.database.close();
  }

  async abort(): Promise<void> {
    await this.database.close();
  }

  private keyOf(row: Record<string, unknown>): string | null {
    if (this.keyColumn === undefined) {
      return null;
    }
    if (!(this.keyColumn in row)) {
      throw new InputError(`key column '${this.keyColumn}' is not in the query's result; its columns: ${Object.keys(row).join(', ')}`, { field: 'keyColumn' });
    }
    const value = row[this.keyColumn];
    if (value === null || value === undefined || value === '') {
      return null;
    }
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      return String(value);
    }
    return JSON.stringify(value);
  }
}
