/** Parsing of the response headers the node acts on: `Retry-After` and `Link`. */

/**
 * Returns the delay a `Retry-After` header requests, in milliseconds, from either of its forms:
 * delay seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`). A date in the past
 * means no delay. Returns undefined for a missing or unreadable value.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Returns the `rel="next"` target of a `Link` header, resolved against the request URL, or undefined. */
export function nextLink(header: string | null, base: URL): URL | undefined {
  if (header === null) {
    return undefined;
  }
  // Each link is `<uri>; param=value; ...`; a URI may itself contain commas, so links are matched, not split.
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const relation = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
    const relations = (relation?.[1] ?? relation?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) {
      return new URL(match[1] as string, base);
    }
  }
  return undefined;
}
