/**
 * Sends prepared requests: waits for the rate limiter, adds authentication, runs the exchange, and
 * turns the status into an outcome. 2xx succeeds; 408, 429 and 5xx are TransientErrors carrying
 * the `Retry-After` delay; any other status is an InputError, never retried. A 401 under OAuth2
 * fetches a new token and sends the request once more.
 */
import { InputError, TransientError } from '../../engine/sdk/index.js';
import type { Authenticator } from './http-auth.js';
import { parseRetryAfter } from './http-headers.js';
import { exchange, type HttpResponse, type TransportOptions } from './http-transport.js';
import type { TokenBucket } from './rate-limiter.js';
import { describeUrl, type SecretRedactor } from './secret-redactor.js';

export interface PreparedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The encoded body, absent for GET and HEAD. */
  body?: string;
}

/** Characters of a response body quoted in an error message. */
const BODY_EXCERPT_LENGTH = 300;

export class HttpClient {
  constructor(
    private readonly transport: TransportOptions,
    private readonly redactor: SecretRedactor,
    private readonly auth: Authenticator | undefined,
    private readonly rateLimiter: TokenBucket | undefined,
  ) {}

  /** Sends one request; resolves with a 2xx response and throws a TransientError or InputError otherwise. */
  async send(request: PreparedRequest): Promise<HttpResponse> {
    let refreshed = false;
    for (;;) {
      await this.rateLimiter?.take(this.transport.signal);
      const headers = new Headers(request.headers);
      const url = new URL(request.url);
      try {
        await this.auth?.apply(headers, url);
        const response = await exchange({ method: request.method, url, headers, ...(request.body === undefined ? {} : { body: request.body }) }, this.transport);
        if (response.status === 401 && this.auth?.refreshable === true && !refreshed) {
          this.auth.invalidate();
          refreshed = true;
          continue;
        }
        return this.checkStatus(request, response);
      } catch (error) {
        throw this.redacted(error);
      }
    }
  }

  private checkStatus(request: PreparedRequest, response: HttpResponse): HttpResponse {
    if (response.status >= 200 && response.status < 300) {
      return response;
    }
    const statusText = response.statusText === '' ? '' : ` ${response.statusText}`;
    const excerpt = response.text.replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT_LENGTH);
    const message = `${request.method} ${describeUrl(request.url)} returned ${response.status}${statusText}${excerpt === '' ? '' : `: ${excerpt}`}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      throw new TransientError(message, parseRetryAfter(response.headers.get('retry-after')));
    }
    throw new InputError(message);
  }

  /** Returns the error with every known secret removed from its message. */
  private redacted(error: unknown): unknown {
    if (error instanceof TransientError) {
      const message = this.redactor.redact(error.message);
      return message === error.message ? error : new TransientError(message, error.retryAfterMs);
    }
    if (error instanceof InputError) {
      const message = this.redactor.redact(error.message);
      return message === error.message ? error : new InputError(message, error.location);
    }
    return error;
  }
}
