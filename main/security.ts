/**
 * The desktop app's hardening: the renderer is served from the `app://flowmason/` scheme with a
 * strict Content-Security-Policy, navigation and new windows are denied, and every permission
 * request (camera, notifications, geolocation...) is refused. The rules follow Electron's
 * security checklist: no remote content, no Node in the renderer, a sandboxed preload.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Protocol, Session, WebContents } from 'electron';
import { findStaticFile } from '../engine/host/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'flowmason';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Content-Security-Policy of the desktop renderer: its own files only, no inline or evaluated scripts, no network. */
export const DESKTOP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Monaco and React Flow set element styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** Scheme privileges; must be registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** Serves one `app://` request with a file of the built renderer, or 404 for anything else. */
export async function serveAppRequest(request: { url: string }, rendererDir: string): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return new Response('not found', { status: 404 });
  }
  const file = await findStaticFile(rendererDir, url.pathname);
  if (file === undefined) {
    return new Response('not found', { status: 404 });
  }
  return new Response(await readFile(file), {
    headers: {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Security-Policy': DESKTOP_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Serves the renderer on `app://flowmason/`. */
export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
}

/** Refuses every permission request and check of the session. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Tells whether a URL belongs to the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Keeps a window on the app's pages: navigation elsewhere is cancelled, new windows are denied,
 * and webviews cannot be attached. Links to the web are not opened at all: the app has none.
 */
export function denyNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
