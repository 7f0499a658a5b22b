/**
 * The {@link ApiClient} of web mode: API calls as `POST /api/<method>` with the token header,
 * run events over one WebSocket that reconnects after a drop.
 */
import type { RunEventHandler, RunEventMessage } from '../../../engine/api/index.js';
import { ApiCallError, createApiProxy, unwrapResult, type ApiClient } from './api-client.js';

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000];

export function createHttpApiClient(origin: string, token: string): ApiClient {
  const handlers = new Set<RunEventHandler>();
  let socket: WebSocket | null = null;
  let attempts = 0;

  const connect = (): void => {
    const url = `${origin.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(token)}`;
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      attempts = 0;
    });
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as RunEventMessage;
      for (const handler of handlers) {
        handler(event);
      }
    });
    socket.addEventListener('close', () => {
      socket = null;
      if (handlers.size > 0) {
        const delay = RECONNECT_DELAYS_MS[Math.min(attempts, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
        attempts++;
        window.setTimeout(() => {
          if (socket === null && handlers.size > 0) {
            connect();
          }
        }, delay);
      }
    });
  };

  const call = async (method: string, request: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-flowmason-token': token },
        body: JSON.stringify(request),
      });
    } catch (error) {
      throw new ApiCallError(method, { kind: 'transient', message: `the engine host at ${origin} cannot be reached: ${(error as Error).message}` });
    }
    if (response.status === 401 || response.status === 403) {
      throw new ApiCallError(method, { kind: 'input', message: 'the engine host rejected the call as unauthorized: open the address `flowmason studio` printed, token included' });
    }
    return unwrapResult(method, await response.json());
  };

  return createApiProxy(call, (handler) => {
    handlers.add(handler);
    if (socket === null) {
      connect();
    }
    return () => {
      handlers.delete(handler);
    };
  });
}
