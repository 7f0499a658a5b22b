/** The {@link ApiClient} of the desktop app: calls and run events through the preload bridge. */
import type { ApiBridge } from '../../../engine/api/desktop-bridge.api.js';
import type { RunEventMessage } from '../../../engine/api/index.js';
import { createApiProxy, unwrapResult, type ApiClient } from './api-client.js';

export function createElectronApiClient(bridge: ApiBridge): ApiClient {
  return createApiProxy(
    async (method, request) => unwrapResult(method, await bridge.invoke(method, request)),
    (handler) => bridge.onRunEvent((event) => handler(event as RunEventMessage)),
  );
}
