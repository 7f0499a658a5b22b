/** Serves the built designer (the `dist/renderer` folder) to the browser in web mode. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Returns the file under `root` that a URL path names, or undefined when the path leaves `root`
 * or names no file. `/` names `index.html`.
 */
export async function findStaticFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) {
    return undefined;
  }
  const relativePath = normalize(decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, ''));
  const absolute = resolve(root, relativePath);
  if (!absolute.startsWith(resolve(root) + sep)) {
    return undefined;
  }
  try {
    return (await stat(absolute)).isFile() ? absolute : undefined;
  } catch {
    return undefined;
  }
}

/** Streams a file with its content type; `index.html` is never cached because it changes with every build. */
export function sendFile(response: ServerResponse, path: string): void {
  const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', path.endsWith(`${sep}index.html`) ? 'no-store' : 'private, max-age=3600');
  const stream = createReadStream(path);
  stream.on('error', () => {
    response.destroy();
  });
  stream.pipe(response);
}

export function rendererIndex(root: string): string {
  return join(root, 'index.html');
}
