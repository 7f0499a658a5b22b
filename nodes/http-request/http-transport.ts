/**
 * One HTTP exchange through Node's fetch (undici): the request under a timeout, and the response
 * body read up to a size limit. Network failures and timeouts become TransientErrors; a body over
 * the limit is an InputError. Statuses are left to the caller.
 */
import { TextDecoder } from 'node:util';
import { InputError, TransientError } from '../../engine/sdk/index.js';
import { describeUrl } from './secret-redactor.js';

export interface HttpExchangeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as text, decoded as UTF-8. */
  text: string;
  /** The URL of the response, after redirects. */
  url: URL;
}

export interface TransportOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  /** The run's signal. When it aborts, the abort is rethrown instead of being turned into a TransientError. */
  signal: AbortSignal;
}

/** Sends one request and reads its whole response. */
export async function exchange(request: HttpExchangeRequest, options: TransportOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const label = `${request.method} ${describeUrl(request.url)}`;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
      redirect: 'follow',
    });
    const text = await readBody(response, options.maxResponseBytes, label);
    return { status: response.status, statusText: response.statusText, headers: response.headers, text, url: new URL(response.url || request.url) };
  } catch (error) {
    if (options.signal.aborted) {
      throw error;
    }
    if (timeout.aborted) {
      throw new TransientError(`${label} timed out after ${options.timeoutMs} ms`, undefined, { cause: error });
    }
    if (error instanceof InputError || error instanceof TransientError) {
      throw error;
    }
    throw new TransientError(`${label} failed: ${networkReason(error)}`, undefined, { cause: error });
  }
}

/** Reads the body chunk by chunk and stops as soon as it grows past `limit` bytes. */
async function readBody(response: Response, limit: number, label: string): Promise<string> {
  const tooLarge = (): InputError => new InputError(`${label} returned a body larger than maxResponseBytes (${limit} bytes)`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) {
    return '';
  }
  const decoder = new TextDecoder('utf-8');
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return text + decoder.decode();
    }
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Returns the most specific reason undici gives, such as `connect ECONNREFUSED 127.0.0.1:9` or `other side closed`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    return cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
