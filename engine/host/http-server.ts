/**
 * Web mode: serves the built designer and the FlowmasonApi on 127.0.0.1 only.
 *
 * - `GET /...` serves files of the built renderer.
 * - `POST /api/<method>` takes the request as JSON and responds with `{ ok: true, value }` or
 *   `{ ok: false, error: { kind, message } }` (HTTP 400 for input errors, 503 for transient, 500 for internal).
 * - `GET /events` upgrades to a WebSocket that receives every run event as one JSON message.
 *
 * Every request needs the per-start token (see http-auth.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { InputError } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { toApiFailure, type ApiResult } from '../api/api-errors.js';
import { dispatchApiCall } from '../api/api-validation.js';
import type { FlowmasonApi, RunEventMessage } from '../api/index.js';
import { createToken, isSameOriginRequest, tokenCookie, tokenSource } from './http-auth.js';
import { findStaticFile, sendFile } from './static-files.js';

/** Largest request body accepted, in bytes: a flow of thousands of nodes fits easily. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** A client whose socket has more than this many bytes queued misses progress events until it catches up. */
const MAX_QUEUED_EVENT_BYTES = 1024 * 1024;
/** The only address web mode listens on. */
export const LOOPBACK_HOST = '127.0.0.1';

export interface StudioServerOptions {
  api: FlowmasonApi;
  /** Folder of the built renderer (`dist/renderer`). */
  rendererDir: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Fixed token, for tests; a random one otherwise. */
  token?: string;
  logger?: Logger;
}

export interface StudioServer {
  readonly port: number;
  readonly token: string;
  /** The address to open in a browser, token included. */
  readonly url: string;
  close(): Promise<void>;
}

/** Content-Security-Policy of the designer page: nothing but this server, no inline or evaluated scripts. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco and React Flow set element styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const HTTP_STATUS_BY_KIND = { input: 400, transient: 503, internal: 500 } as const;

export async function startStudioServer(options: StudioServerOptions): Promise<StudioServer> {
  const token = options.token ?? createToken();
  const logger = options.logger ?? silentLogger;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let port = 0;

  const server: Server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      logger.error({ err: error, url: request.url }, 'web mode request failed');
      if (!response.headersSent) {
        sendJson(response, 500, { ok: false, error: toApiFailure(error) });
      } else {
        response.destroy();
      }
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response, port);
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    if (!isSameOriginRequest(request, port)) {
      sendText(response, 403, 'forbidden: the Host or Origin header does not name this server');
      return;
    }
    const source = tokenSource(request, url, token);
    if (source === null) {
      sendText(response, 401, 'unauthorized: open the address that `flowmason studio` printed, token included');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApiCall(request, response, url.pathname.slice('/api/'.length));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'method not allowed');
      return;
    }
    const file = await findStaticFile(options.rendererDir, url.pathname);
    if (file === undefined) {
      sendText(response, 404, `not found: ${url.pathname}`);
      return;
    }
    if (source === 'query') {
      response.setHeader('Set-Cookie', tokenCookie(token));
    }
    sendFile(response, file);
  }

  async function handleApiCall(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    if (request.method !== 'POST') {
      sendText(response, 405, 'API calls use POST');
      return;
    }
    let result: ApiResult<unknown>;
    let status = 200;
    try {
      const body = await readJsonBody(request);
      result = { ok: true, value: await dispatchApiCall(options.api, method, body) };
    } catch (error) {
      const failure = toApiFailure(error);
      if (failure.kind === 'internal') {
        logger.error({ err: error, method }, 'API call failed');
      }
      result = { ok: false, error: failure };
      status = HTTP_STATUS_BY_KIND[failure.kind];
    }
    sendJson(response, status, result);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}:${port}`);
    if (url.pathname !== '/events' || !isSameOriginRequest(request, port) || tokenSource(request, url, token) === null) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      sockets.emit('connection', client, request);
    });
  });

  const unsubscribe = options.api.onRunEvent((event) => {
    broadcast(sockets.clients, event);
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'web mode listening');

  return {
    port,
    token,
    url: `http://${LOOPBACK_HOST}:${port}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) {
        client.terminate();
      }
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

/** Sends an event to every open socket; progress events skip clients that are behind, since a later one repeats their counts. */
function broadcast(clients: Iterable<WebSocket>, event: RunEventMessage): void {
  const message = JSON.stringify(event);
  for (const client of clients) {
    if (client.readyState !== client.OPEN) {
      continue;
    }
    if (event.type === 'steps.updated' && client.bufferedAmount > MAX_QUEUED_EVENT_BYTES) {
      continue;
    }
    client.send(message);
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new InputError(`request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    return {};
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

function setSecurityHeaders(response: ServerResponse, port: number): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.end(`${text}\n`);
}
