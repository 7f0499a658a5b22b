import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../engine/sdk/content-hash.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { sendJson, startHttpServer, type TestHttpServer } from '../../test/support/http-test-server.js';
import { nextLink, parseRetryAfter } from './http-headers.js';
import { httpRequestNode } from './http-request.node.js';
import type { HttpRequestConfig } from './http-request.schema.js';
import { TokenBucket, type Clock } from './rate-limiter.js';

let server: TestHttpServer;

beforeAll(async () => {
  server = await startHttpServer();
});

afterAll(async () => {
  await server.close();
});

const fastRetry = { initialInterval: 5, maximumInterval: 50, maximumAttempts: 3, jitter: 0 };
const catalog = Array.from({ length: 5 }, (_, index) => ({ sku: `SKU-${index + 1}`, name: `Item ${index + 1}` }));

describe('http.request source', () => {
  it('follows page numbers until a short page', async () => {
    server.route('GET /pages', (request, response) => {
      const page = Number(request.query.get('page'));
      const size = Number(request.query.get('per_page'));
      sendJson(response, 200, { data: catalog.slice((page - 1) * size, page * size) });
    });

    const result = await runNode(httpRequestNode, {
      role: 'source',
      url: `${server.url}/pages`,
      query: { status: 'active' },
      recordsPath: 'data',
      keyField: 'sku',
      pagination: { type: 'page', parameter: 'page', sizeParameter: 'per_page', size: 2 },
    });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5']);
    expect(result.ports.out?.[4]?.origin).toEqual({ node: 'node-under-test', index: 4 });
    expect(server.requestsTo('/pages').map((request) => request.query.toString())).toEqual([
      'status=active&page=1&per_page=2',
      'status=active&page=2&per_page=2',
      'status=active&page=3&per_page=2',
    ]);
  });

  it('follows a cursor from the response', async () => {
    server.route('GET /cursor', (request, response) => {
      const start = Number(request.query.get('after') ?? '0');
      const items = catalog.slice(start, start + 2);
      sendJson(response, 200, { items, meta: { next: start + 2 < catalog.length ? String(start + 2) : null } });
    });

    const result = await runNode(httpRequestNode, {
      role: 'source',
      url: `${server.url}/cursor`,
      recordsPath: 'items',
      keyField: 'sku',
      pagination: { type: 'cursor', parameter: 'after', cursorPath: 'meta.next' },
    });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5']);
    expect(server.requestsTo('/cursor').map((request) => request.query.get('after'))).toEqual([null, '2', '4']);
  });

  it('follows the Link header to the next page', async () => {
    server.route('GET /linked', (request, response) => {
      const part = Number(request.query.get('part') ?? '1');
      const link = part < 3 ? `<${server.url}/linked?part=1>; rel="first", </linked?part=${part + 1}>; rel="next"` : '</linked?part=1>; rel="first"';
      sendJson(response, 200, catalog.slice(part - 1, part), { link });
    });

    const result = await runNode(httpRequestNode, { role: 'source', url: `${server.url}/linked`, pagination: { type: 'link' }, keyField: 'sku' });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
  });

  it('retries a page after a 500', async () => {
    let calls = 0;
    server.route('GET /flaky-page', (_request, response) => {
      calls++;
      if (calls === 1) {
        sendJson(response, 500, { error: 'database restarting' });
      } else {
        sendJson(response, 200, catalog);
      }
    });

    const result = await runNode(httpRequestNode, { role: 'source', url: `${server.url}/flaky-page` }, { retry: fastRetry });

    expect(result.ports.out).toHaveLength(5);
    expect(calls).toBe(2);
  });

  it('fails the run when a page keeps failing', async () => {
    server.route('GET /down', (_request, response) => sendJson(response, 503, { error: 'maintenance' }));

    await expect(runNode(httpRequestNode, { role: 'source', url: `${server.url}/down` }, { retry: { ...fastRetry, maximumAttempts: 2 } })).rejects.toThrow(
      `GET ${server.url}/down returned 503 Service Unavailable: {"error":"maintenance"}`,
    );
    expect(server.requestsTo('/down')).toHaveLength(2);
  });

  it('fails the run when the list is missing', async () => {
    server.route('GET /no-list', (_request, response) => sendJson(response, 200, { data: { items: 'none' } }));

    await expect(runNode(httpRequestNode, { role: 'source', url: `${server.url}/no-list`, recordsPath: 'data.items' })).rejects.toThrow(
      `${server.url}/no-list returned no list of records at recordsPath 'data.items'`,
    );
  });

  it('stops at maxPages instead of losing records silently', async () => {
    server.route('GET /endless', (request, response) => sendJson(response, 200, [{ page: request.query.get('page') }]));

    await expect(
      runNode(httpRequestNode, { role: 'source', url: `${server.url}/endless`, pagination: { type: 'page', parameter: 'page' }, maxPages: 3 }),
    ).rejects.toThrow('stopped after 3 pages although the server announced more; raise maxPages');
  });
});

describe('http.request enrichment', () => {
  const records = makeRecords(catalog.slice(0, 3), 'sku');

  it('merges each response at the target', async () => {
    server.route('GET /prices', (request, response) => {
      sendJson(response, 200, { result: { sku: request.query.get('sku'), price: request.query.get('sku')?.length } });
    });

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: `${server.url}/prices`, query: { sku: { expression: 'sku' } }, responsePath: 'result', target: 'pricing.current', concurrency: 2 },
      { batches: [records] },
    );

    expect(result.failures).toEqual([]);
    expect(result.ports.out?.map((record) => record.data)).toEqual(catalog.slice(0, 3).map((item) => ({ ...item, pricing: { current: { sku: item.sku, price: 5 } } })));
    expect(result.ports.out?.map((record) => record.key)).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
  });

  it('fails a record on a 404 without retrying', async () => {
    server.route('GET /lookup/SKU-2', (_request, response) => sendJson(response, 404, { error: 'unknown item' }));
    server.route('GET /lookup/SKU-1', (_request, response) => sendJson(response, 200, { stock: 4 }));
    server.route('GET /lookup/SKU-3', (_request, response) => sendJson(response, 200, { stock: 0 }));

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: { expression: `"${server.url}/lookup/" & sku` } },
      { batches: [records], retry: fastRetry },
    );

    expect(result.ports.out?.map((record) => record.data.stock)).toEqual([4, 0]);
    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.attempts, failure.message])).toEqual([
      ['SKU-2', 'input', 1, `GET ${server.url}/lookup/SKU-2 returned 404 Not Found: {"error":"unknown item"}`],
    ]);
    expect(server.requestsTo('/lookup/SKU-2')).toHaveLength(1);
  });

  it('retries 500s and succeeds', async () => {
    let calls = 0;
    server.route('GET /unstable', (_request, response) => {
      calls++;
      if (calls <= 2) {
        sendJson(response, 502, { error: 'bad gateway' });
      } else {
        sendJson(response, 200, { ok: true });
      }
    });

    const result = await runNode(httpRequestNode, { role: 'enrich', url: `${server.url}/unstable`, target: 'check' }, { batches: [records.slice(0, 1)], retry: fastRetry });

    expect(result.failures).toEqual([]);
    expect(result.ports.out?.[0]?.data.check).toEqual({ ok: true });
    expect(calls).toBe(3);
  });

  it('times out a server that never answers', async () => {
    server.route('GET /hang', () => undefined);

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: `${server.url}/hang`, timeout: '100ms', target: 'x' },
      { batches: [records.slice(0, 1)], retry: { ...fastRetry, maximumAttempts: 2 } },
    );

    expect(result.failures.map((failure) => [failure.kind, failure.attempts, failure.message])).toEqual([
      ['transient', 2, `GET ${server.url}/hang timed out after 100 ms`],
    ]);
    expect(server.requestsTo('/hang')).toHaveLength(2);
  });

  it('times out a body that stops halfway', async () => {
    server.route('GET /slow-body', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"items": [');
    });

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: `${server.url}/slow-body`, timeout: '150ms', target: 'x' },
      { batches: [records.slice(0, 1)], retry: { ...fastRetry, maximumAttempts: 1 } },
    );

    expect(result.failures.map((failure) => [failure.kind, failure.message])).toEqual([['transient', `GET ${server.url}/slow-body timed out after 150 ms`]]);
  });

  it('rejects a body over the size limit', async () => {
    server.route('GET /big', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ blob: 'x'.repeat(5000) }));
    });
    server.route('GET /big-chunked', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      response.write('{"blob": "');
      response.write('y'.repeat(3000));
      response.end('"}');
    });

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: { expression: `"${server.url}/" & path` }, maxResponseBytes: 1000, target: 'x' },
      { batches: [makeRecords([{ path: 'big' }, { path: 'big-chunked' }])], retry: fastRetry },
    );

    expect(result.failures.map((failure) => [failure.kind, failure.attempts, failure.message])).toEqual([
      ['input', 1, `GET ${server.url}/big returned a body larger than maxResponseBytes (1000 bytes)`],
      ['input', 1, `GET ${server.url}/big-chunked returned a body larger than maxResponseBytes (1000 bytes)`],
    ]);
  });

  it('fails a record whose target field is not an object', async () => {
    server.route('GET /label', (_request, response) => sendJson(response, 200, { text: 'ok' }));

    const result = await runNode(httpRequestNode, { role: 'enrich', url: `${server.url}/label`, target: 'name.label' }, { batches: [makeRecords([{ name: 'plain text' }])] });

    expect(result.failures.map((failure) => [failure.kind, failure.message])).toEqual([['input', "field 'name.label' cannot be written because 'name' is not an object"]]);
  });

  it('fails a record whose URL expression gives no URL', async () => {
    const result = await runNode(httpRequestNode, { role: 'enrich', url: { expression: 'path' }, target: 'x' }, { batches: [makeRecords([{ path: 'relative/only' }])] });

    expect(result.failures.map((failure) => failure.message)).toEqual(["url 'relative/only' is not an absolute http or https URL"]);
  });

  it('keeps to the rate limit', async () => {
    server.route('GET /limited', (_request, response) => sendJson(response, 200, { ok: true }));

    const result = await runNode(
      httpRequestNode,
      { role: 'enrich', url: `${server.url}/limited`, target: 'x', rateLimit: { requestsPerSecond: 200, burst: 2 } },
      { batches: [makeRecords(catalog)] },
    );

    expect(result.ports.out).toHaveLength(5);
  });
});

describe('http.request authentication', () => {
  const whoAmI = (path: string): void =>
    server.route(`GET ${path}`, (request, response) =>
      sendJson(response, 200, { authorization: request.headers.authorization ?? null, apiKey: request.headers['x-api-key'] ?? request.query.get('api_key') }),
    );

  it.each([
    ['basic', { type: 'basic', username: 'erp-reader', password: 's3cret-pass' }, { authorization: `Basic ${Buffer.from('erp-reader:s3cret-pass').toString('base64')}`, apiKey: null }],
    ['bearer', { type: 'bearer', token: 'tok-123456' }, { authorization: 'Bearer tok-123456', apiKey: null }],
    ['an API key header', { type: 'apiKey', name: 'X-API-Key', value: 'key-abcdef', in: 'header' }, { authorization: null, apiKey: 'key-abcdef' }],
    ['an API key parameter', { type: 'apiKey', name: 'api_key', value: 'key-ghijkl', in: 'query' }, { authorization: null, apiKey: 'key-ghijkl' }],
  ] as const)('sends %s credentials', async (_case, auth, expected) => {
    whoAmI('/whoami');

    const result = await runNode(httpRequestNode, { role: 'enrich', url: `${server.url}/whoami`, auth, target: 'seen' }, { batches: [makeRecords([{ n: 1 }])] });

    expect(result.ports.out?.[0]?.data.seen).toEqual(expected);
  });

  it('keeps credentials out of error messages', async () => {
    server.route('GET /echo', (request, response) =>
      sendJson(response, 400, { error: 'bad request', youSent: request.headers.authorization, query: request.query.toString() }),
    );
    const cases: HttpRequestConfig['auth'][] = [
      { type: 'basic', username: 'erp-reader', password: 's3cret-pass' },
      { type: 'apiKey', name: 'api_key', value: 'key-ghijkl', in: 'query' },
    ];

    for (const auth of cases) {
      const result = await runNode(httpRequestNode, { role: 'enrich', url: `${server.url}/echo`, auth, target: 'x' }, { batches: [makeRecords([{ n: 1 }])] });
      const message = result.failures[0]?.message ?? '';

      expect(message).toContain('[secret]');
      expect(message).not.toContain('s3cret-pass');
      expect(message).not.toContain(Buffer.from('erp-reader:s3cret-pass').toString('base64'));
      expect(message).not.toContain('key-ghijkl');
    }
  });

  it('fetches an OAuth2 token once and renews it after a 401', async () => {
    let issued = 0;
    let valid = '';
    server.route('POST /oauth/token', (request, response) => {
      const form = new URLSearchParams(request.body);
      if (request.headers.authorization !== `Basic ${Buffer.from('flowmason:client-secret-1').toString('base64')}` || form.get('grant_type') !== 'client_credentials') {
        sendJson(response, 401, { error: 'invalid_client' });
        return;
      }
      issued++;
      valid = `token-${issued}`;
      sendJson(response, 200, { access_token: valid, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    });
    server.route('GET /protected', (request, response) => {
      if (request.headers.authorization !== `Bearer ${valid}`) {
        sendJson(response, 401, { error: 'invalid_token' });
        return;
      }
      sendJson(response, 200, { token: valid });
      // The first token is revoked after one use, as if it had expired early.
      if (valid === 'token-1') {
        valid = 'revoked';
      }
    });

    const result = await runNode(
      httpRequestNode,
      {
        role: 'enrich',
        url: `${server.url}/protected`,
        auth: { type: 'oauth2', tokenUrl: `${server.url}/oauth/token`, clientId: 'flowmason', clientSecret: 'client-secret-1', scope: 'items:read' },
        target: 'auth',
        concurrency: 1,
      },
      { batches: [makeRecords(catalog.slice(0, 3))] },
    );

    expect(result.failures).toEqual([]);
    expect(result.ports.out?.map((record) => record.data.auth)).toEqual([{ token: 'token-1' }, { token: 'token-2' }, { token: 'token-2' }]);
    expect(issued).toBe(2);
    expect(new URLSearchParams(server.requestsTo('/oauth/token')[0]?.body).get('scope')).toBe('items:read');
  });

  it('rejects bad OAuth2 client credentials', async () => {
    const result = await runNode(
      httpRequestNode,
      {
        role: 'enrich',
        url: `${server.url}/protected`,
        auth: { type: 'oauth2', tokenUrl: `${server.url}/oauth/token`, clientId: 'flowmason', clientSecret: 'wrong-secret' },
        target: 'auth',
      },
      { batches: [makeRecords([{ n: 1 }])] },
    );

    expect(result.failures.map((failure) => [failure.kind, failure.message])).toEqual([
      ['input', `OAuth2 token request to ${server.url}/oauth/token returned 401: {"error":"invalid_client"}; check auth.clientId and auth.clientSecret`],
    ]);
  });
});

describe('http.request sink', () => {
  const orders = makeRecords(
    [
      { order: 'A-1', total: 10 },
      { order: 'A-2', total: 20 },
      { order: 'A-3', total: -1 },
    ],
    'order',
  );

  it('sends each record once with its idempotency key', async () => {
    const seen = new Map<string, number>();
    server.route('POST /orders', (request, response) => {
      const key = String(request.headers['idempotency-key']);
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const order = JSON.parse(request.body) as { total: number };
      if (order.total < 0) {
        sendJson(response, 422, { error: 'total must not be negative' });
      } else if (key === 'A-2' && seen.get(key) === 1) {
        sendJson(response, 503, { error: 'try again' }, { 'retry-after': '0' });
      } else {
        sendJson(response, 201, { accepted: key });
      }
    });

    const result = await runNode(httpRequestNode, { role: 'sink', url: `${server.url}/orders?source=flowmason` }, { batches: [orders], retry: fastRetry });

    expect(result.ports.out?.map((record) => record.key)).toEqual(['A-1', 'A-2']);
    expect(result.failures.map((failure) => [failure.record.key, failure.kind, failure.attempts, failure.message])).toEqual([
      ['A-3', 'input', 1, `POST ${server.url}/orders returned 422 Unprocessable Entity: {"error":"total must not be negative"}`],
    ]);
    expect(server.requestsTo('/orders').filter((request) => request.headers['idempotency-key'] === 'A-2')).toHaveLength(2);
    expect(JSON.parse(server.requestsTo('/orders')[0]!.body)).toEqual({ order: 'A-1', total: 10 });
    expect(result.deliveries).toEqual([
      {
        target: `http:POST ${server.url}/orders`,
        deliveries: [
          { key: 'A-1', hash: contentHash({ order: 'A-1', total: 10 }) },
          { key: 'A-2', hash: contentHash({ order: 'A-2', total: 20 }) },
        ],
      },
    ]);
  });

  it('skips records the endpoint already received', async () => {
    server.route('PUT /items', (_request, response) => sendJson(response, 200, { ok: true }));
    const config: HttpRequestConfig = { role: 'sink', method: 'PUT', url: `${server.url}/items`, idempotencyHeader: 'X-Request-Key' };
    const ledger = new Map<string, Map<string, string>>();
    const items = makeRecords(catalog.slice(0, 2), 'sku');

    await runNode(httpRequestNode, config, { batches: [items], ledger });
    const changed = makeRecords([catalog[0]!, { ...catalog[1]!, name: 'Renamed' }], 'sku');
    const second = await runNode(httpRequestNode, config, { batches: [changed], ledger });

    expect(second.ports.unchanged?.map((record) => record.key)).toEqual(['SKU-1']);
    expect(second.ports.out?.map((record) => record.key)).toEqual(['SKU-2']);
    expect(server.requestsTo('/items').map((request) => request.headers['x-request-key'])).toEqual(['SKU-1', 'SKU-2', 'SKU-2']);
  });

  it.each([
    ['seconds', '120'],
    ['an HTTP date', new Date(Date.now() + 120_000).toUTCString()],
  ])('gives up when Retry-After in %s exceeds the maximum interval', async (_case, retryAfter) => {
    server.route('POST /busy', (_request, response) => sendJson(response, 429, { error: 'slow down' }, { 'retry-after': retryAfter }));

    const result = await runNode(httpRequestNode, { role: 'sink', url: `${server.url}/busy` }, { batches: [orders.slice(0, 1)], retry: fastRetry });

    expect(result.failures.map((failure) => [failure.kind, failure.attempts])).toEqual([['transient', 1]]);
    expect(result.failures[0]?.message).toMatch(
      new RegExp(`^POST ${server.url}/busy returned 429 Too Many Requests: \\{"error":"slow down"\\}; the server asked to wait 1[12]\\d(\\.\\d+)? s, longer than the retry policy's maximumInterval of 0.05 s$`),
    );
  });

  it('honours a short Retry-After and succeeds', async () => {
    let calls = 0;
    server.route('POST /throttled', (_request, response) => {
      calls++;
      if (calls === 1) {
        sendJson(response, 429, { error: 'slow down' }, { 'retry-after': new Date(Date.now() - 1000).toUTCString() });
      } else {
        sendJson(response, 202, {});
      }
    });

    const result = await runNode(httpRequestNode, { role: 'sink', url: `${server.url}/throttled` }, { batches: [orders.slice(0, 1)], retry: fastRetry });

    expect(result.failures).toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('http.request config checks', () => {
  const context = { resolvePath: (path: string) => path, expressions: { compile: () => ({ source: '', evaluate: async () => null }) } };

  it('reports settings of another role', () => {
    expect(httpRequestNode.check?.({ role: 'enrich', url: 'http://127.0.0.1/', pagination: { type: 'link' }, idempotencyHeader: 'X' }, context)).toEqual([
      { field: 'pagination', message: "pagination applies to role 'source', but this node's role is 'enrich'" },
      { field: 'idempotencyHeader', message: "idempotencyHeader applies to role 'sink', but this node's role is 'enrich'" },
    ]);
  });

  it('reports invalid field paths', () => {
    expect(httpRequestNode.check?.({ role: 'source', url: 'http://127.0.0.1/', recordsPath: 'data..items', keyField: '__proto__' }, context)).toEqual([
      { field: 'recordsPath', message: "'data..items' is not a field path: segments between dots must not be empty" },
      { field: 'keyField', message: "'__proto__' is not a field path: '__proto__' is not allowed as a field name" },
    ]);
  });

  it('takes input only when not a source', () => {
    expect(httpRequestNode.takesInput?.({ role: 'source', url: 'http://127.0.0.1/' })).toBe(false);
    expect(httpRequestNode.takesInput?.({ role: 'sink', url: 'http://127.0.0.1/' })).toBe(true);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a past date as no delay and ignores nonsense', () => {
    expect(parseRetryAfter('Fri, 04 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('nextLink', () => {
  const base = new URL('https://api.example.com/v1/items?page=1');

  it('finds rel="next" among several links', () => {
    const header = '<https://api.example.com/v1/items?page=1>; rel="first", </v1/items?page=2&tags=a,b>; rel="next last"; title="Next"';

    expect(nextLink(header, base)?.href).toBe('https://api.example.com/v1/items?page=2&tags=a,b');
  });

  it('returns nothing without a next link', () => {
    expect(nextLink('<https://api.example.com/v1/items?page=1>; rel=prev', base)).toBeUndefined();
    expect(nextLink(null, base)).toBeUndefined();
  });
});

describe('TokenBucket', () => {
  it('spends the burst, then paces requests', async () => {
    let time = 0;
    const clock: Clock = {
      now: () => time,
      sleep: async (ms) => {
        time += ms;
      },
    };
    const bucket = new TokenBucket(10, 2, clock);
    const times: number[] = [];

    for (let request = 0; request < 5; request++) {
      await bucket.take(new AbortController().signal);
      times.push(time);
    }

    expect(times).toEqual([0, 0, 100, 200, 300]);
  });
});
