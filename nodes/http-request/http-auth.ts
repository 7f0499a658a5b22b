/**
 * Authentication of outgoing requests: basic, bearer token, API key (header or query parameter),
 * and OAuth2 client credentials. An OAuth2 token is fetched when first needed, kept until shortly
 * before it expires, and fetched again after the API returns 401 (see HttpClient).
 */
import { InputError, TransientError } from '../../engine/sdk/index.js';
import { parseRetryAfter } from './http-headers.js';
import type { HttpAuth } from './http-request.schema.js';
import { exchange, type TransportOptions } from './http-transport.js';
import { describeUrl, type SecretRedactor } from './secret-redactor.js';

export interface Authenticator {
  /** Adds the credential to a request's headers or URL. May fetch a token first. */
  apply(headers: Headers, url: URL): Promise<void>;
  /** True when a 401 may be cured by fetching a new credential. */
  readonly refreshable: boolean;
  /** Forgets a cached credential so that the next request fetches a new one. */
  invalidate(): void;
}

/** Lifetime assumed for a token whose response has no `expires_in`, in seconds. */
const DEFAULT_TOKEN_LIFETIME_S = 3600;
/** A token is renewed this long before it expires, or after 90% of a shorter lifetime, so requests in flight do not carry an expired one. */
const TOKEN_RENEWAL_MARGIN_MS = 30_000;

/** Creates the authenticator for a config and registers every secret it uses with the redactor. */
export function createAuthenticator(auth: HttpAuth | undefined, transport: TransportOptions, redactor: SecretRedactor): Authenticator | undefined {
  if (auth === undefined) {
    return undefined;
  }
  switch (auth.type) {
    case 'basic': {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      redactor.add(auth.password);
      redactor.add(encoded);
      return staticAuthenticator((headers) => headers.set('authorization', `Basic ${encoded}`));
    }
    case 'bearer':
      redactor.add(auth.token);
      return staticAuthenticator((headers) => headers.set('authorization', `Bearer ${auth.token}`));
    case 'apiKey':
      redactor.add(auth.value);
      return staticAuthenticator((headers, url) => {
        if (auth.in === 'header') {
          headers.set(auth.name, auth.value);
        } else {
          url.searchParams.set(auth.name, auth.value);
        }
      });
    case 'oauth2':
      redactor.add(auth.clientSecret);
      return new ClientCredentialsAuthenticator(auth, transport, redactor);
  }
}

function staticAuthenticator(apply: (headers: Headers, url: URL) => void): Authenticator {
  return {
    refreshable: false,
    async apply(headers, url) {
      apply(headers, url);
    },
    invalidate() {},
  };
}

type OAuth2Settings = Extract<HttpAuth, { type: 'oauth2' }>;

class ClientCredentialsAuthenticator implements Authenticator {
  readonly refreshable = true;
  private token: { value: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly settings: OAuth2Settings,
    private readonly transport: TransportOptions,
    private readonly redactor: SecretRedactor,
  ) {}

  async apply(headers: Headers): Promise<void> {
    headers.set('authorization', `Bearer ${await this.accessToken()}`);
  }

  invalidate(): void {
    this.token = undefined;
  }

  private async accessToken(): Promise<string> {
    if (this.token !== undefined && Date.now() < this.token.renewAt) {
      return this.token.value;
    }
    // Requests that need a token at the same time share one token request.
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async requestToken(): Promise<string> {
    let tokenUrl: URL;
    try {
      tokenUrl = new URL(this.settings.tokenUrl);
    } catch {
      throw new InputError(`auth.tokenUrl '${this.settings.tokenUrl}' is not an absolute URL`, { field: 'auth.tokenUrl' });
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    if (this.settings.clientAuthentication === 'body') {
      form.set('client_id', this.settings.clientId);
      form.set('client_secret', this.settings.clientSecret);
    } else {
      // OAuth2 form-encodes the client id and secret before joining and Base64-encoding them.
      const credentials = `${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`;
      const encoded = Buffer.from(credentials).toString('base64');
      this.redactor.add(encoded);
      headers.set('authorization', `Basic ${encoded}`);
    }
    if (this.settings.scope !== undefined) {
      form.set('scope', this.settings.scope);
    }
    if (this.settings.audience !== undefined) {
      form.set('audience', this.settings.audience);
    }

    const response = await exchange({ method: 'POST', url: tokenUrl, headers, body: form.toString() }, this.transport);
    const label = `OAuth2 token request to ${describeUrl(tokenUrl)}`;
    if (response.status < 200 || response.status >= 300) {
      const message = this.redactor.redact(`${label} returned ${response.status}: ${response.text.slice(0, 200)}`);
      if (response.status === 408 || response.status === 429 || response.status >= 500) {
        throw new TransientError(message, parseRetryAfter(response.headers.get('retry-after')));
      }
      throw new InputError(`${message}; check auth.clientId and auth.clientSecret`, { field: 'auth' });
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.text) as typeof body;
    } catch {
      throw new InputError(`${label} returned a body that is not JSON`, { field: 'auth.tokenUrl' });
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new InputError(`${label} returned no access_token`, { field: 'auth.tokenUrl' });
    }
    this.redactor.add(body.access_token);
    const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_LIFETIME_S) * 1000;
    this.token = { value: body.access_token, renewAt: Date.now() + Math.max(lifetimeMs - TOKEN_RENEWAL_MARGIN_MS, lifetimeMs * 0.9) };
    return body.access_token;
  }
}
