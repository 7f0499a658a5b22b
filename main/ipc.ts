/**
 * The FlowmasonApi and the desktop requests over IPC. Every message is checked before anything
 * acts on it: it must come from the main window's top frame showing an app page, and its payload
 * must match the contract's schema (see dispatchApiCall). Results travel as `{ ok, value }` or
 * `{ ok: false, error }`, so an error reaches the renderer with its kind and message intact.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { InputError } from '../engine/errors.js';
import { toApiFailure, type ApiResult } from '../engine/api/api-errors.js';
import { dispatchApiCall } from '../engine/api/api-validation.js';
import { DocumentStateSchema, SavePathRequestSchema, type DocumentState } from '../engine/api/desktop-bridge.api.js';
import { API_METHODS, type FlowmasonApi, type RunEventMessage } from '../engine/api/index.js';
import { API_CHANNEL_PREFIX, DOCUMENT_STATE_CHANNEL, PICK_OPEN_CHANNEL, PICK_SAVE_CHANNEL, RUN_EVENT_CHANNEL } from './channels.js';
import { isAppUrl } from './security.js';

const checkDocumentState = TypeCompiler.Compile(DocumentStateSchema);
const checkSavePathRequest = TypeCompiler.Compile(SavePathRequestSchema);

export interface DesktopHandlers {
  pickFlowToOpen(): Promise<string | null>;
  pickSavePath(suggestedName: string): Promise<string | null>;
  documentStateChanged(state: DocumentState): void;
}

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>;

/**
 * Tells whether a message comes from the trusted window: the same web contents, its top frame,
 * and an `app://flowmason/` page. A message from an iframe or a page that navigated away fails.
 */
export function isTrustedSender(event: SenderEvent, trusted: () => WebContents | null): boolean {
  const contents = trusted();
  const frame = event.senderFrame;
  if (contents === null || event.sender !== contents || frame === null || frame === undefined) {
    return false;
  }
  return frame.parent === null && isAppUrl(frame.url);
}

async function answer(run: () => Promise<unknown>): Promise<ApiResult<unknown>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: toApiFailure(error) };
  }
}

const untrusted = (): ApiResult<unknown> => ({ ok: false, error: { kind: 'input', message: 'the request did not come from the Flowmason window' } });

/** Registers one handler per API method and the desktop channels; returns the function that removes them. */
export function registerIpc(ipcMain: IpcMain, api: FlowmasonApi, desktop: DesktopHandlers, trusted: () => WebContents | null): () => void {
  const channels: string[] = [];
  for (const method of Object.keys(API_METHODS)) {
    const channel = `${API_CHANNEL_PREFIX}${method}`;
    ipcMain.handle(channel, (event, request: unknown) => (isTrustedSender(event, trusted) ? answer(() => dispatchApiCall(api, method, request)) : untrusted()));
    channels.push(channel);
  }
  ipcMain.handle(PICK_OPEN_CHANNEL, (event) => (isTrustedSender(event, trusted) ? answer(() => desktop.pickFlowToOpen()) : untrusted()));
  ipcMain.handle(PICK_SAVE_CHANNEL, (event, request: unknown) => {
    if (!isTrustedSender(event, trusted)) {
      return untrusted();
    }
    return answer(async () => {
      if (!checkSavePathRequest.Check(request)) {
        throw new InputError('invalid pick-save request: expected { suggestedName: string }');
      }
      return desktop.pickSavePath(request.suggestedName);
    });
  });
  channels.push(PICK_OPEN_CHANNEL, PICK_SAVE_CHANNEL);

  const onDocumentState = (event: IpcMainEvent, state: unknown): void => {
    if (isTrustedSender(event, trusted) && checkDocumentState.Check(state)) {
      desktop.documentStateChanged(state);
    }
  };
  ipcMain.on(DOCUMENT_STATE_CHANNEL, onDocumentState);

  const unsubscribe = api.onRunEvent((event: RunEventMessage) => {
    const contents = trusted();
    if (contents !== null && !contents.isDestroyed()) {
      contents.send(RUN_EVENT_CHANNEL, event);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channels) {
      ipcMain.removeHandler(channel);
    }
    ipcMain.off(DOCUMENT_STATE_CHANNEL, onDocumentState);
  };
}
