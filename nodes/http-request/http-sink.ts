/**
 * http.request as a sink: sends each record, up to `concurrency` at a time within a batch, with its
 * business key in an idempotency header, so a retried call is recognised by the server as the same
 * call. Each successful delivery is recorded in the ledger under `http:<METHOD> <url without query>`;
 * a record whose key and content that endpoint already received is skipped.
 */
import { contentHash, SinkDelivery, type Delivery, type FlowRecord, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { mapConcurrent } from '../shared/concurrency.js';
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
  /** Delivery state per endpoint, since the URL may differ per record. */
  private readonly deliveries = new Map<string, SinkDelivery>();

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
    const unchanged = await this.findUnchanged(prepared);

    const outcomes = await mapConcurrent(prepared, this.options.concurrency, async (item): Promise<Outcome> => {
      if (!('request' in item)) {
        return item;
      }
      if (unchanged.has(item)) {
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
      await this.deliveryTo(target).recordDelivered(list);
    }
  }

  private async send(item: Prepared): Promise<Outcome> {
    const headers = { ...item.request.headers };
    if (this.options.idempotencyHeader !== '') {
      // A record without a business key is identified by its content, which is as stable across retries.
      headers[this.options.idempotencyHeader.toLowerCase()] = item.record.key ?? item.hash;
    }
    const request = { ...item.request, headers };
    const result = await this.context.retry(() => this.client.send(request), { record: item.record });
    return result.ok ? { sent: item } : { failed: item.record, error: result.error, attempts: result.attempts };
  }

  /**
   * Returns the prepared calls whose key and content their endpoint already received, counting
   * them as unchanged. The comparison is with the last delivery from any run, because the
   * endpoint's state is what matters.
   */
  private async findUnchanged(prepared: readonly (Prepared | Outcome)[]): Promise<Set<Prepared>> {
    const unchanged = new Set<Prepared>();
    if (!this.options.skipUnchanged) {
      return unchanged;
    }
    const byTarget = new Map<string, Prepared[]>();
    for (const item of prepared) {
      if ('request' in item) {
        byTarget.set(item.target, [...(byTarget.get(item.target) ?? []), item]);
      }
    }
    for (const [target, items] of byTarget) {
      const selection = await this.deliveryTo(target).filter(items.map((item) => ({ record: item.record, delivery: { key: item.record.key, hash: item.hash } })));
      const kept = new Set(selection.write.map((selected) => selected.record));
      for (const item of items) {
        if (!kept.has(item.record)) {
          unchanged.add(item);
        }
      }
    }
    return unchanged;
  }

  private deliveryTo(target: string): SinkDelivery {
    let delivery = this.deliveries.get(target);
    if (delivery === undefined) {
      delivery = new SinkDelivery(this.context, { target, mode: 'delta', changedOnly: true });
      this.deliveries.set(target, delivery);
    }
    return delivery;
  }
}
