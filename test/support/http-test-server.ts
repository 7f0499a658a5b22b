/**
 * A local HTTP server for connector tests, on 127.0.0.1 and a port the system picks. Tests register
 * a handler per `METHOD /path`. Every request is recorded with its headers and body, so a test can
 * check what a node sent, for example that a retried call carried the same idempotency key.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type RouteHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface TestHttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, oldest first. */
  requests: ReceivedRequest[];
  /** Registers the handler of `METHOD /path`, such as `GET /items`, replacing an earlier one. */
  route(key: string, handler: RouteHandler): void;
  /** Requests received on one path. */
  requestsTo(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startHttpServer(): Promise<TestHttpServer> {
  const routes = new Map<string, RouteHandler>();
  const requests: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const handler = routes.get(`${request.method} ${request.path}`);
      if (handler === undefined) {
        sendJson(response, 404, { error: `no route for ${request.method} ${request.path}` });
        return;
      }
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        sendJson(response, 500, { error: String(error) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(key, handler) {
      routes.set(key, handler);
    },
    requestsTo(path) {
      return requests.filter((request) => request.path === path);
    },
    async close() {
      // Handlers that never respond keep their sockets open, so they are closed to let close() finish.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends a JSON response. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
