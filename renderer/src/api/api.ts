/**
 * The one ApiClient of this page, chosen at start-up: the Electron bridge when the preload script
 * exposed it, HTTP otherwise. Services reach the engine through {@link api}.
 */
import type { ApiBridge, DesktopBridge } from '../../../engine/api/desktop-bridge.api.js';
import { ApiCallError, type ApiClient } from './api-client.js';
import { createElectronApiClient } from './electron-api-client.js';
import { createHttpApiClient } from './http-api-client.js';

declare global {
  interface Window {
    flowmason?: ApiBridge;
    flowmasonDesktop?: DesktopBridge;
  }
}

let client: ApiClient | undefined;

/** Picks the transport. In web mode the token comes from the page's `?token=` and is then removed from the address bar. */
export function connectApi(): ApiClient {
  if (window.flowmason !== undefined) {
    client = createElectronApiClient(window.flowmason);
    return client;
  }
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? window.sessionStorage.getItem('flowmason-token') ?? '';
  window.sessionStorage.setItem('flowmason-token', token);
  if (url.searchParams.has('token')) {
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  client = createHttpApiClient(url.origin, token);
  return client;
}

export function api(): ApiClient {
  if (client === undefined) {
    throw new ApiCallError('connect', { kind: 'internal', message: 'the API is used before connectApi() ran' });
  }
  return client;
}

/** Returns the desktop bridge, or undefined in web mode. */
export function desktop(): DesktopBridge | undefined {
  return window.flowmasonDesktop;
}

/** Returns the message to show for a failed call. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
