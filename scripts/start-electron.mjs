#!/usr/bin/env node
// `npm start`: launches the desktop app from dist/ (npm start builds first). Electron's own
// postinstall download is disabled in package.json (allowScripts), so on machines where its
// binary was never fetched this stops with a clear message instead of trying to download it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.stderr.write('flowmason: the electron package is not installed; run `npm ci`\n');
  process.exit(1);
}
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined;
if (binary === undefined || !existsSync(binary)) {
  process.stderr.write(
    [
      'flowmason: the Electron binary is not installed (node_modules/electron/dist is missing),',
      'so the desktop app cannot start on this machine. Electron downloads it from its release',
      'server, which this installation does not do. Use web mode instead: `npm run studio`,',
      'or install Electron where its download is allowed (`npx install-electron`).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
