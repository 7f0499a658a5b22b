import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { silentLogger } from '../logger.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { createDesignerTestRegistry } from '../../test/support/designer-node-kinds.js';
import { itemFlow } from '../../test/support/sample-flows.js';
import { EngineHost } from './engine-host.js';
import { startStudioServer, type StudioServer } from './http-server.js';

let folder: string;
let store: SqliteRunStore;
let host: EngineHost;
let server: StudioServer;
let base: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-web-'));
  await mkdir(join(folder, 'renderer/assets'), { recursive: true });
  await mkdir(join(folder, 'flows'));
  await writeFile(join(folder, 'renderer/index.html'), '<!doctype html><title>designer</title>');
  await writeFile(join(folder, 'renderer/assets/app.js'), 'console.log(1);');
  await writeFile(join(folder, 'secret.txt'), 'outside');
  store = new SqliteRunStore(join(folder, 'history.db'));
  host = new EngineHost({ workspace: join(folder, 'flows'), registry: createDesignerTestRegistry(), store, logger: silentLogger });
  server = await startStudioServer({ api: host, rendererDir: join(folder, 'renderer') });
  base = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
  await host.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

function call(method: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-flowmason-token': server.token },
    body: JSON.stringify(body),
  });
}

function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web mode server', () => {
  it('prints an address with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rejects requests without the token', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(401);
    const api = await fetch(`${base}/api/listRuns`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    const wrong = await fetch(`${base}/?token=wrong`);
    expect(wrong.status).toBe(401);
  });

  it('serves the page with the token and sets the cookie', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>designer</title>');
    expect(page.headers.get('set-cookie')).toBe(`flowmason_token=${server.token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: `flowmason_token=${server.token}` } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses a foreign Host or Origin', async () => {
    expect(await rawGet(`/?token=${server.token}`, { host: `evil.example:${server.port}` })).toBe(403);
    expect(await rawGet(`/?token=${server.token}`, { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' })).toBe(403);
    expect(await rawGet(`/?token=${server.token}`, { host: `localhost:${server.port}` })).toBe(200);
  });

  it('does not serve files outside the renderer folder', async () => {
    expect(await rawGet(`/..%2Fsecret.txt?token=${server.token}`, { host: `127.0.0.1:${server.port}` })).toBe(404);
  });

  it('answers API calls with ok and value', async () => {
    const response = await call('listNodeKinds', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; value: { kinds: { type: string }[] } };
    expect(body.ok).toBe(true);
    expect(body.value.kinds.map((kind) => kind.type)).toContain('test.map');
  });

  it('answers a bad request with 400 and the reason', async () => {
    const response = await call('getRun', { runId: 0 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: { kind: 'input', message: "invalid getRun request: field 'runId': Expected integer to be greater or equal to 1" } });
  });

  it('sends run events over the WebSocket', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const types: string[] = [];
    const finished = new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const event = JSON.parse(data.toString()) as { type: string };
        types.push(event.type);
        if (event.type === 'run.finished') {
          resolve();
        }
      });
    });
    const response = await call('startRun', { flow: itemFlow(3) });
    expect(response.status).toBe(200);
    await finished;
    socket.close();
    expect(types[0]).toBe('run.started');
    expect(types).toContain('steps.updated');
  });

  it('refuses a WebSocket without the token', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`);
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', (error) => resolve(error.message));
    });
    expect(outcome).toContain('401');
  });
});
