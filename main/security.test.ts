import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWebContents } from '../test/support/electron-fakes.js';
import { DESKTOP_CSP, denyNavigation, denyPermissions, isAppUrl, serveAppRequest } from './security.js';

let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'flowmason-renderer-'));
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), '1');
});

afterAll(async () => {
  await rm(rendererDir, { recursive: true, force: true });
});

describe('app protocol', () => {
  it('serves renderer files with the CSP', async () => {
    const response = await serveAppRequest({ url: 'app://flowmason/index.html' }, rendererDir);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('refuses paths outside the renderer and other hosts', async () => {
    expect((await serveAppRequest({ url: 'app://flowmason/../secret' }, rendererDir)).status).toBe(404);
    expect((await serveAppRequest({ url: 'app://flowmason/%2e%2e/secret' }, rendererDir)).status).toBe(404);
    expect((await serveAppRequest({ url: 'app://elsewhere/index.html' }, rendererDir)).status).toBe(404);
  });
});

describe('content security policy', () => {
  it('allows only the app itself', () => {
    expect(DESKTOP_CSP).toContain("default-src 'self'");
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe-eval');
    expect(DESKTOP_CSP).toContain("connect-src 'self'");
    expect(DESKTOP_CSP).toContain("object-src 'none'");
  });
});

describe('navigation', () => {
  it('cancels navigation away from the app', () => {
    const contents = new FakeWebContents();
    denyNavigation(contents as unknown as WebContents);
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    contents.emit('will-navigate', event, 'https://example.com/');
    contents.emit('will-redirect', event, 'file:///etc/passwd');
    contents.emit('will-navigate', event, 'app://flowmason/index.html');
    contents.emit('will-attach-webview', event);
    expect(prevented).toBe(3);
  });

  it('denies new windows', () => {
    const contents = new FakeWebContents();
    denyNavigation(contents as unknown as WebContents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('recognises app URLs only', () => {
    expect(isAppUrl('app://flowmason/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('permissions', () => {
  it('denies every request and check', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    };
    denyPermissions(session as unknown as Session);
    const answers: boolean[] = [];
    requestHandler?.({}, 'media', (granted) => answers.push(granted));
    requestHandler?.({}, 'notifications', (granted) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(checkHandler?.()).toBe(false);
  });
});
