/**
 * http.request as a sink: sends each record, up to `concurrency` at a time within a batch, with its
 * business key in an idempotency header, so a retried call is recognised by the server as the same
 * call. Each successful delivery is recorded in the ledger under `http:<METHOD> <url without query>`;
 * a record whose key and content that endpoint already received is skipped.
 */
import { contentHash, type Delivery, type FlowRecord, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { mapConcurrent } from '../shared/concurrency.js';
import { withRetry } from '../shared/retry.js';
import type { HttpClient } from './http-client.js';
import type { BuiltRequest, RequestTemplate } from './request-template.js';
import { describeUrl } from './secret-redactor.js';

export interface SinkOptions {
  /** Header that carries the business key; empty sends none. */
  idempotencyHeader: string;
  skipUnchanged: boolean;
  concurrency: number;
}

interface Prepared {
  record: FlowRecord;
  request: BuiltRequest;
  target: string;
  hash: string;
}

type Outcome = { sent: Prepared } | { failed: FlowRecord; error: unknown; attempts: number } | { unchanged: FlowRecord };

export class HttpSink implements NodeInstance {
  constructor(
    private readonly client: HttpClient,
    private readonly template: RequestTemplate,
    private readonly options: SinkOptions,
    private readonly context: NodeContext,
  ) {}

  async process(batch: readonly FlowRecord[], out: Output): Promise<void> {
    const prepared: (Prepared | Outcome)[] = [];
    for (const record of batch) {
      try {
        const request = await this.template.build(record);
        prepared.push({ record, request, target: `http:${request.method} ${describeUrl(request.url)}`, hash: contentHash(request.bodyValue ?? null) });
      } catch (error) {
        prepared.push({ failed: record, error, attempts: 1 });
      }
    }
    const delivered = await this.lastDelivered(prepared);

    const outcomes = await mapConcurrent(prepared, this.options.concurrency, async (item): Promise<Outcome> => {
      if (!('request' in item)) {
        return item;
      }
      if (item.record.key !== null && delivered.get(item.target)?.get(item.record.key) === item.hash) {
        return { unchanged: item.record };
      }
      return this.send(item);
    });

    const deliveries = new Map<string, Delivery[]>();
    for (const outcome of outcomes) {
      if ('sent' in outcome) {
        out.emit('out', outcome.sent.record);
        const list = deliveries.get(outcome.sent.target) ?? [];
        list.push({ key: outcome.sent.record.key, hash: outcome.sent.hash });
        deliveries.set(outcome.sent.target, list);
      } else if ('unchanged' in outcome) {
        out.emit('unchanged', outcome.unchanged);
      } else {
        out.fail(outcome.failed, outcome.error, outcome.attempts);
      }
    }
    for (const [target, list] of deliveries) {
      await this.context.ledger.recordDeliveries(target, list);
    }
  }

  private async send(item: Prepared): Promise<Outcome> {
    const headers = { ...item.request.headers };
    if (this.options.idempotencyHeader !== '') {
      // A record without a business key is identified by its content, which is as stable across retries.
      headers[this.options.idempotencyHeader.toLowerCase()] = item.record.key ?? item.hash;
    }
    const request = { ...item.request, headers };
    const result = await withRetry(() => this.client.send(request), {
      settings: this.context.retry,
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: { nodeId: this.context.nodeId, recordKey: item.record.key },
    });
    return result.ok ? { sent: item } : { failed: item.record, error: result.error, attempts: result.attempts };
  }

  /** Returns, per target, the content hash the ledger last recorded for each key of this batch. */
  private async lastDelivered(prepared: readonly (Prepared | Outcome)[]): Promise<Map<string, Map<string, string>>> {
    const result = new Map<string, Map<string, string>>();
    if (!this.options.skipUnchanged) {
      return result;
    }
    const keysByTarget = new Map<string, Set<string>>();
    for (const item of prepared) {
      if ('request' in item && item.record.key !== null) {
        const keys = keysByTarget.get(item.target) ?? new Set<string>();
        keys.add(item.record.key);
        keysByTarget.set(item.target, keys);
      }
    }
    for (const [target, keys] of keysByTarget) {
      result.set(target, await this.context.ledger.lastDelivered(target, [...keys]));
    }
    return result;
  }
}
