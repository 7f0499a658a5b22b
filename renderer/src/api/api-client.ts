/**
 * The renderer's view of the engine: one {@link ApiClient} with two implementations, the Electron
 * preload bridge and HTTP/WebSocket for web mode. The rest of the renderer does not depend on which.
 */
import type { ApiFailure, FlowmasonApi } from '../../../engine/api/index.js';

export type ApiClient = FlowmasonApi;

/** A failed API call. `kind` is `input` for problems the user can fix, `internal` for bugs. */
export class ApiCallError extends Error {
  readonly kind: ApiFailure['kind'];

  constructor(
    readonly method: string,
    failure: ApiFailure,
  ) {
    super(failure.message);
    this.name = 'ApiCallError';
    this.kind = failure.kind;
  }
}

/** Turns a transport's `{ ok, value } | { ok: false, error }` envelope into a value or an {@link ApiCallError}. */
export function unwrapResult(method: string, result: unknown): unknown {
  const envelope = result as { ok?: unknown; value?: unknown; error?: ApiFailure } | null;
  if (envelope !== null && typeof envelope === 'object' && envelope.ok === true) {
    return envelope.value;
  }
  if (envelope !== null && typeof envelope === 'object' && envelope.ok === false && envelope.error !== undefined) {
    throw new ApiCallError(method, envelope.error);
  }
  throw new ApiCallError(method, { kind: 'internal', message: `the engine host sent an invalid response to ${method}` });
}

/**
 * Builds an {@link ApiClient} whose every method forwards to `call`. A Proxy keeps the renderer free
 * of a runtime copy of the method list: the contract's types alone declare which methods exist.
 */
export function createApiProxy(call: (method: string, request: unknown) => Promise<unknown>, onRunEvent: ApiClient['onRunEvent']): ApiClient {
  const cache = new Map<string, (request: unknown) => Promise<unknown>>();
  return new Proxy({} as ApiClient, {
    get(_target, property) {
      if (property === 'onRunEvent') {
        return onRunEvent;
      }
      if (typeof property !== 'string' || property === 'then') {
        return undefined;
      }
      let method = cache.get(property);
      if (method === undefined) {
        method = (request: unknown) => call(property, request ?? {});
        cache.set(property, method);
      }
      return method;
    },
  });
}
