/**
 * sql.query as an enrichment: runs the query for each input record, with parameters from the
 * record, and merges the result rows into it. Transient database failures are retried under the
 * node's retry policy; a record that still fails goes to the error port with the attempt count.
 */
import { InputError, TransientError, withData, type FlowRecord, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { setField } from '../shared/field-path.js';
import { withRetry } from '../shared/retry.js';
import type { SqlDatabase, SqlRow } from '../shared/sql/sql-database.js';
import { classifySqlError, describeSqlError } from '../shared/sql/sql-errors.js';
import type { PreparedQuery } from './query-parameters.js';

export interface EnrichOptions {
  target: string;
  rows: 'first' | 'all';
  required: boolean;
}

export class SqlEnricher implements NodeInstance {
  constructor(
    private readonly database: SqlDatabase,
    private readonly query: PreparedQuery,
    private readonly options: EnrichOptions,
    private readonly context: NodeContext,
  ) {}

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    for (const record of batch) {
      let values: unknown[];
      try {
        values = await this.query.values(record);
      } catch (error) {
        out.fail(record, error);
        continue;
      }
      const result = await withRetry(() => this.lookUp(values), {
        settings: this.context.retry,
        signal: this.context.signal,
        logger: this.context.logger,
        logFields: { nodeId: this.context.nodeId, recordKey: record.key },
      });
      if (!result.ok) {
        if (result.error instanceof InputError && result.error.location.field === 'query') {
          throw result.error;
        }
        out.fail(record, result.error, result.attempts);
        continue;
      }
      const rows = result.value;
      if (rows.length === 0 && this.options.required) {
        out.fail(record, new InputError('the query returned no row for this record, and required is set'));
        continue;
      }
      try {
        out.emit('out', withData(record, this.merge(record, rows)));
      } catch (error) {
        out.fail(record, error, result.attempts);
      }
    }
  }

  async finish(): Promise<void> {
    await this.database.close();
  }

  async abort(): Promise<void> {
    await this.database.close();
  }

  private async lookUp(values: unknown[]): Promise<SqlRow[]> {
    try {
      return await this.database.query(this.query.text, values);
    } catch (error) {
      const kind = classifySqlError(error);
      const message = `query on ${this.database.location} failed: ${describeSqlError(error)}`;
      if (kind === 'transient') {
        throw new TransientError(message, undefined, { cause: error });
      }
      // A statement error fails every record alike, so it is marked to fail the run instead.
      throw new InputError(message, kind === 'statement' ? { field: 'query' } : {}, { cause: error });
    }
  }

  private merge(record: FlowRecord, rows: SqlRow[]): Record<string, unknown> {
    if (this.options.rows === 'all') {
      return setField(record.data, this.options.target, rows);
    }
    const first = rows[0] ?? null;
    if (this.options.target === '') {
      return first === null ? record.data : { ...record.data, ...first };
    }
    return setField(record.data, this.options.target, first);
  }
}
