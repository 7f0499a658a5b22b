import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import * as channels from './channels.js';

const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
const invoked: { channel: string; request: unknown }[] = [];
const sentMessages: { channel: string; payload: unknown }[] = [];
const listeners = new Map<string, ((event: unknown, ...values: unknown[]) => void)[]>();

const fakeElectron = {
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, request: unknown) => {
      invoked.push({ channel, request });
      return channel.endsWith('pick-open') ? { ok: false, error: { kind: 'internal', message: 'dialog failed' } } : { ok: true, value: 'answer' };
    },
    send: (channel: string, payload: unknown) => sentMessages.push({ channel, payload }),
    on: (channel: string, listener: (event: unknown, ...values: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (event: unknown, ...values: unknown[]) => void) =>
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((item) => item !== listener),
      ),
  },
};

const PRELOAD_SOURCE = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');

/**
 * Runs the preload source as Electron runs a sandboxed preload: compiled to CommonJS and called
 * with a `require` that offers nothing but `electron` (here the fake above).
 */
beforeAll(() => {
  const { outputText } = ts.transpileModule(PRELOAD_SOURCE, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const sandboxRequire = (name: string): unknown => {
    if (name !== 'electron') {
      throw new Error(`a sandboxed preload cannot require '${name}'`);
    }
    return fakeElectron;
  };
  const module = { exports: {} };
  runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports });
});

describe('preload bridge', () => {
  it('exposes the API and desktop bridges only', () => {
    expect([...exposed.keys()]).toEqual(['flowmason', 'flowmasonDesktop']);
    expect(Object.keys(exposed.get('flowmason') ?? {})).toEqual(['invoke', 'onRunEvent']);
    expect(Object.keys(exposed.get('flowmasonDesktop') ?? {})).toEqual(['pickFlowToOpen', 'pickSavePath', 'setDocumentState', 'onCommand']);
  });

  it('sends API calls on the per-method channel', async () => {
    await exposed.get('flowmason')?.invoke?.('listRuns', { limit: 5 });
    expect(invoked.at(-1)).toEqual({ channel: `${channels.API_CHANNEL_PREFIX}listRuns`, request: { limit: 5 } });
  });

  it('refuses a method name that is not an identifier', async () => {
    const before = invoked.length;
    const result = await exposed.get('flowmason')?.invoke?.('../evil', {});
    expect(result).toEqual({ ok: false, error: { kind: 'input', message: 'invalid API method name "../evil"' } });
    expect(invoked).toHaveLength(before);
  });

  it('raises desktop request errors with their message', async () => {
    await expect(exposed.get('flowmasonDesktop')?.pickFlowToOpen?.()).rejects.toThrow('dialog failed');
    await expect(exposed.get('flowmasonDesktop')?.pickSavePath?.({ suggestedName: 'a.flow.json' })).resolves.toBe('answer');
  });

  it('delivers run events and commands until unsubscribed', () => {
    const events: unknown[] = [];
    const stop = exposed.get('flowmason')?.onRunEvent?.((event: unknown) => events.push(event)) as () => void;
    for (const listener of listeners.get(channels.RUN_EVENT_CHANNEL) ?? []) {
      listener({}, { type: 'run.started', runId: 1, flowId: 'f' });
    }
    stop();
    expect(listeners.get(channels.RUN_EVENT_CHANNEL)).toEqual([]);
    expect(events).toEqual([{ type: 'run.started', runId: 1, flowId: 'f' }]);

    const commands: unknown[] = [];
    exposed.get('flowmasonDesktop')?.onCommand?.((command: unknown, argument: unknown) => commands.push([command, argument]));
    for (const listener of listeners.get(channels.COMMAND_CHANNEL) ?? []) {
      listener({}, { command: 'file.open', argument: '/a.flow.json' });
    }
    expect(commands).toEqual([['file.open', '/a.flow.json']]);
  });

  it('uses the channel names of main/channels.ts', () => {
    for (const [name, value] of Object.entries(channels)) {
      expect(PRELOAD_SOURCE).toContain(`const ${name} = '${value}';`);
    }
  });
});
