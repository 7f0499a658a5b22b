/**
 * The request a node sends, compiled once from config: method, URL, headers, query parameters and
 * body, each a constant or a JSONata expression evaluated per record.
 */
import { InputError, type ExpressionCompiler, type FlowRecord } from '../../engine/sdk/index.js';
import { compileValueSpec, type ValueReader } from '../shared/value-source.js';
import type { PreparedRequest } from './http-client.js';
import type { HttpRequestConfig } from './http-request.schema.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

type TextSpec = string | { expression: string };

/** A prepared request with the body value it encodes, for content hashes. */
export interface BuiltRequest extends PreparedRequest {
  bodyValue: unknown;
}

export class RequestTemplate {
  private readonly method: ValueReader;
  private readonly url: ValueReader;
  private readonly headers: [string, ValueReader][];
  private readonly query: [string, ValueReader][];
  private readonly body: ValueReader | undefined;
  private readonly bodyFormat: 'json' | 'form';

  constructor(config: HttpRequestConfig, expressions: ExpressionCompiler) {
    this.method = compileText(config.method ?? (config.role === 'sink' ? 'POST' : 'GET'), 'method', expressions);
    this.url = compileText(config.url, 'url', expressions);
    this.headers = Object.entries(config.headers ?? {}).map(([name, spec]) => [name, compileText(spec, `header '${name}'`, expressions)]);
    this.query = Object.entries(config.query ?? {}).map(([name, spec]) => [
      name,
      compileValueSpec(typeof spec === 'object' ? spec : { value: spec }, `query parameter '${name}'`, expressions),
    ]);
    if (config.body !== undefined) {
      this.body = compileValueSpec(config.body, 'body', expressions);
    } else if (config.role === 'sink') {
      this.body = async (record) => record.data;
    }
    this.bodyFormat = config.bodyFormat ?? 'json';
  }

  /** Builds the request for one record; `extraQuery` adds paging parameters. Throws an InputError naming the part that is wrong. */
  async build(record: FlowRecord, extraQuery: Readonly<Record<string, string>> = {}): Promise<BuiltRequest> {
    const method = String(await this.method(record)).toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) {
      throw new InputError(`method '${method}' is not one of ${HTTP_METHODS.join(', ')}`, { field: 'method' });
    }
    const url = parseUrl(await this.url(record));

    for (const [name, read] of this.query) {
      const value = await read(record);
      for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (item !== null && item !== undefined) {
          url.searchParams.append(name, textOf(item));
        }
      }
    }
    for (const [name, value] of Object.entries(extraQuery)) {
      url.searchParams.set(name, value);
    }

    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [name, read] of this.headers) {
      const value = await read(record);
      if (value !== null && value !== undefined) {
        headers[name.toLowerCase()] = textOf(value);
      }
    }

    const request: BuiltRequest = { method, url, headers, bodyValue: undefined };
    if (this.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      request.bodyValue = await this.body(record);
      request.body = this.encodeBody(request.bodyValue, headers);
    }
    return request;
  }

  private encodeBody(value: unknown, headers: Record<string, string>): string {
    if (this.bodyFormat === 'form') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new InputError('a form body must be an object of field names to values', { field: 'body' });
      }
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        if (item !== null && item !== undefined) {
          form.append(name, textOf(item));
        }
      }
      return form.toString();
    }
    headers['content-type'] ??= 'application/json';
    return JSON.stringify(value ?? null);
  }
}

function compileText(spec: TextSpec, name: string, expressions: ExpressionCompiler): ValueReader {
  return compileValueSpec(typeof spec === 'string' ? { value: spec } : spec, name, expressions);
}

function parseUrl(value: unknown): URL {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(`url '${text}' is not an absolute http or https URL`, { field: 'url' });
  }
  return url;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
