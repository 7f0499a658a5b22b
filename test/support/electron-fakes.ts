/**
 * Stand-ins for the parts of Electron the main-process tests touch. Electron cannot run here, so
 * the tests replace the `electron` module with these (vi.mock) and drive them like Electron would.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** ipcMain: keeps `handle` handlers by channel so a test can invoke them with a made-up sender. */
export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`a handler for ${channel} is registered twice`);
    }
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) {
      throw new Error(`no handler for ${channel}`);
    }
    return handler(event, ...args);
  }
}

/** webContents: records what was sent and which listeners were added. */
export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  toggleDevTools(): void {}
}

/** Builds an IPC event as Electron does: sent by `contents`, from a frame showing `url`. */
export function ipcEvent(contents: FakeWebContents, url: string, options: { topFrame?: boolean } = {}): unknown {
  return { sender: contents, senderFrame: { url, parent: options.topFrame === false ? {} : null } };
}
