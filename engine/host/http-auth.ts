/**
 * Access rules for web mode. The server listens on 127.0.0.1 only, and every request must carry
 * the token printed at start-up. It may come in the `token` query parameter, the
 * `x-flowmason-token` header, or a cookie. The server sets the cookie when the page is opened with
 * the token in its URL, so the page's scripts, styles and workers load without it in their URLs.
 * The Host and Origin headers must name the server itself, which stops DNS rebinding and
 * cross-site requests.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-flowmason-token';
export const TOKEN_COOKIE = 'flowmason_token';

/** Returns a new random token: 32 bytes, base64url. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      return rest.join('=');
    }
  }
  return undefined;
}

/** Returns where the request's token was found, or null when it has none that matches. */
export function tokenSource(request: IncomingMessage, url: URL, expected: string): 'query' | 'header' | 'cookie' | null {
  const query = url.searchParams.get('token');
  if (query !== null && tokensMatch(query, expected)) {
    return 'query';
  }
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensMatch(header, expected)) {
    return 'header';
  }
  const cookie = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  if (cookie !== undefined && tokensMatch(cookie, expected)) {
    return 'cookie';
  }
  return null;
}

/** Returns the Host values a browser sends for this server. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Tells whether the Host header names this server and any Origin header is this server's. */
export function isSameOriginRequest(request: IncomingMessage, port: number): boolean {
  const hosts = allowedHosts(port);
  if (request.headers.host === undefined || !hosts.has(request.headers.host)) {
    return false;
  }
  const origin = request.headers.origin;
  if (origin === undefined) {
    return true;
  }
  return [...hosts].some((host) => origin === `http://${host}`);
}

/** Returns the Set-Cookie value that lets the page's own requests carry the token. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}
