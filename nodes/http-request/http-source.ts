/**
 * http.request as a source: fetches pages and emits one record per item of each page. Pages follow
 * each other by page number, by a cursor taken from the response, or by the `Link` header's
 * `rel="next"` URL. A page that still fails after the retry policy fails the run, because the
 * records it held cannot be sent anywhere else.
 */
import { InputError, type FlowRecord, type NodeContext, type NodeInstance, type Output } from '../../engine/sdk/index.js';
import { getField } from '../shared/field-path.js';
import { withRetry } from '../shared/retry.js';
import { emptyRecord } from '../shared/value-source.js';
import type { HttpClient } from './http-client.js';
import { nextLink } from './http-headers.js';
import type { Pagination } from './http-request.schema.js';
import type { HttpResponse } from './http-transport.js';
import type { RequestTemplate } from './request-template.js';
import { responseData } from './response-data.js';
import { describeUrl } from './secret-redactor.js';

export interface SourceOptions {
  pagination: Pagination;
  recordsPath: string;
  keyField: string | undefined;
  maxPages: number;
}

export class HttpSource implements NodeInstance {
  private index = 0;

  constructor(
    private readonly client: HttpClient,
    private readonly template: RequestTemplate,
    private readonly options: SourceOptions,
    private readonly context: NodeContext,
  ) {}

  async run(out: Output): Promise<void> {
    const { pagination } = this.options;
    const base = emptyRecord(this.context.nodeId);
    let pageNumber = pagination.type === 'page' ? (pagination.start ?? 1) : 0;
    let cursor: string | undefined;
    let linkedUrl: URL | undefined;

    for (let fetched = 0; ; fetched++) {
      if (fetched >= this.options.maxPages) {
        throw new InputError(`stopped after ${this.options.maxPages} pages although the server announced more; raise maxPages`, { field: 'maxPages' });
      }
      const extraQuery: Record<string, string> = {};
      if (pagination.type === 'page') {
        extraQuery[pagination.parameter] = String(pageNumber);
        if (pagination.sizeParameter !== undefined && pagination.size !== undefined) {
          extraQuery[pagination.sizeParameter] = String(pagination.size);
        }
      } else if (pagination.type === 'cursor' && cursor !== undefined) {
        extraQuery[pagination.parameter] = cursor;
      }
      const request = await this.template.build(base, extraQuery);
      if (linkedUrl !== undefined) {
        request.url = linkedUrl;
      }

      const response = await this.fetchPage(request.url, () => this.client.send(request));
      const body = responseData(response);
      const items = this.itemsOf(body, response);
      await this.emitItems(items, out);

      switch (pagination.type) {
        case 'none':
          return;
        case 'page':
          if (items.length === 0 || (pagination.size !== undefined && items.length < pagination.size)) {
            return;
          }
          pageNumber++;
          break;
        case 'cursor': {
          const next = getField(body, pagination.cursorPath);
          if (next === null || next === undefined || next === '') {
            return;
          }
          const nextCursor = typeof next === 'string' ? next : JSON.stringify(next);
          if (nextCursor === cursor) {
            throw new InputError(`the response repeats cursor '${nextCursor}' at ${pagination.cursorPath}, so paging would never end`, { field: 'pagination.cursorPath' });
          }
          cursor = nextCursor;
          break;
        }
        case 'link':
          linkedUrl = nextLink(response.headers.get('link'), response.url);
          if (linkedUrl === undefined) {
            return;
          }
          break;
      }
    }
  }

  private async fetchPage(url: URL, send: () => Promise<HttpResponse>): Promise<HttpResponse> {
    const result = await withRetry(send, {
      settings: this.context.retry,
      signal: this.context.signal,
      logger: this.context.logger,
      logFields: { nodeId: this.context.nodeId, url: describeUrl(url) },
    });
    if (!result.ok) {
      throw result.error;
    }
    return result.value;
  }

  private itemsOf(body: unknown, response: HttpResponse): unknown[] {
    const items = getField(body, this.options.recordsPath);
    if (Array.isArray(items)) {
      return items;
    }
    const where = this.options.recordsPath === '' ? 'the response' : `recordsPath '${this.options.recordsPath}'`;
    throw new InputError(`${describeUrl(response.url)} returned no list of records at ${where}`, { field: 'recordsPath' });
  }

  private async emitItems(items: unknown[], out: Output): Promise<void> {
    for (const item of items) {
      const data = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : { value: item };
      const record: FlowRecord = { key: null, origin: { node: this.context.nodeId, index: this.index++ }, data };
      const keyField = this.options.keyField;
      if (keyField === undefined) {
        out.emit('out', record);
      } else {
        const key = getField(data, keyField);
        if (typeof key === 'string' && key !== '') {
          out.emit('out', { ...record, key });
        } else if (typeof key === 'number' || typeof key === 'boolean') {
          out.emit('out', { ...record, key: String(key) });
        } else {
          out.fail(record, new InputError(`the record has no value in key field '${keyField}'`, { field: keyField }));
        }
      }
      if (out.pending >= this.context.batchSize) {
        await out.flush();
      }
    }
  }
}
