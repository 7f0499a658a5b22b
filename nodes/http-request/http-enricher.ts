/**
 * http.request as an enrichment: calls the API once per input record, up to `concurrency` calls at
 * a time within a batch, and merges the response into the record at the target path. A record
 * whose call still fails after the retry policy goes to the error port with the attempt count.
 */
import { InputError, withData, type FlowRecord, type NodeContext, type NodeInstance, type Output, type RecordData } from '../../engine/sdk/index.js';
import { mapConcurrent } from '../shared/concurrency.js';
import { getField, setField } from '../shared/field-path.js';
import { withRetry } from '../shared/retry.js';
import type { HttpClient } from './http-client.js';
import type { RequestTemplate } from './request-template.js';
import { responseData } from './response-data.js';

export interface EnrichOptions {
  target: string;
  responsePath: string;
  concurrency: number;
}

type Outcome = { record: FlowRecord } | { failed: FlowRecord; error: unknown; attempts: number };

export class HttpEnricher implements NodeInstance {
  constructor(
    private readonly client: HttpClient,
    private readonly template: RequestTemplate,
    private readonly options: EnrichOptions,
    private readonly context: NodeContext,
  ) {}

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    const outcomes = await mapConcurrent(batch, this.options.concurrency, (record) => this.enrich(record));
    for (const outcome of outcomes) {
      if ('failed' in outcome) {
        out.fail(outcome.failed, outcome.error, outcome.attempts);
      } else {
        out.emit('out', outcome.record);
      }
    }
  }

  private async enrich(record: FlowRecord): Promise<Outcome> {
    let request;
    try {
      request = await this.template.build(record);
    } catch (error) {
      return { failed: record, error, attempts: 1 };
    }
    const result = await withRetry(() => this.client.send(request), {
      settings: this.context.retry,
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: { nodeId: this.context.nodeId, recordKey: record.key },
    });
    if (!result.ok) {
      return { failed: record, error: result.error, attempts: result.attempts };
    }
    try {
      return { record: withData(record, this.merge(record.data, responseData(result.value))) };
    } catch (error) {
      return { failed: record, error, attempts: result.attempts };
    }
  }

  private merge(data: RecordData, response: unknown): RecordData {
    const value = getField(response, this.options.responsePath);
    if (this.options.target !== '') {
      return setField(data, this.options.target, value ?? null);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError('the response is not a JSON object, so it cannot be merged into the record; set target to keep it under a field', { field: 'target' });
    }
    return { ...data, ...(value as RecordData) };
  }
}
