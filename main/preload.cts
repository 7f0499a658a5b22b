/**
 * The preload script: the renderer's only door to the main process. It runs sandboxed, so it is
 * CommonJS and imports nothing but Electron; the channel names repeat main/channels.ts (a test
 * checks they agree). It exposes two small objects and never Electron itself.
 */
// A CommonJS file under verbatimModuleSyntax imports with `import = require`; sandboxed preloads cannot be ESM.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the line above
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const API_CHANNEL_PREFIX = 'flowmason:api:';
const RUN_EVENT_CHANNEL = 'flowmason:run-event';
const COMMAND_CHANNEL = 'flowmason:command';
const PICK_OPEN_CHANNEL = 'flowmason:desktop:pick-open';
const PICK_SAVE_CHANNEL = 'flowmason:desktop:pick-save';
const DOCUMENT_STATE_CHANNEL = 'flowmason:desktop:document-state';

/** API method names are identifiers; anything else never reaches a channel. */
const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

interface Envelope {
  ok: boolean;
  value?: unknown;
  error?: { kind: string; message: string };
}

/** A desktop request the main process answered with an error; the message is the main process's. */
class DesktopRequestError extends Error {
  override name = 'DesktopRequestError';
}

function subscribe(channel: string, handler: (...values: unknown[]) => void): () => void {
  const listener = (_event: unknown, ...values: unknown[]): void => handler(...values);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

async function unwrap(channel: string, request?: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(channel, request)) as Envelope;
  if (result.ok) {
    return result.value;
  }
  throw new DesktopRequestError(result.error?.message ?? 'the request failed');
}

contextBridge.exposeInMainWorld('flowmason', {
  invoke(method: string, request: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !METHOD_NAME.test(method)) {
      return Promise.resolve({ ok: false, error: { kind: 'input', message: `invalid API method name ${JSON.stringify(method)}` } });
    }
    return ipcRenderer.invoke(`${API_CHANNEL_PREFIX}${method}`, request) as Promise<unknown>;
  },
  onRunEvent(handler: (event: unknown) => void): () => void {
    return subscribe(RUN_EVENT_CHANNEL, (event) => handler(event));
  },
});

contextBridge.exposeInMainWorld('flowmasonDesktop', {
  pickFlowToOpen: () => unwrap(PICK_OPEN_CHANNEL),
  pickSavePath: (request: { suggestedName: string }) => unwrap(PICK_SAVE_CHANNEL, request),
  setDocumentState(state: unknown): void {
    ipcRenderer.send(DOCUMENT_STATE_CHANNEL, state);
  },
  onCommand(handler: (command: string, argument: string | null) => void): () => void {
    return subscribe(COMMAND_CHANNEL, (message) => {
      const { command, argument } = message as { command: string; argument?: string };
      handler(command, argument ?? null);
    });
  },
});
