#!/usr/bin/env node
// The `flowmason` command. The CLI is TypeScript compiled to dist/ by `npm run build`,
// which `npm ci` runs through the `prepare` script.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/engine/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('flowmason: dist/ is missing; run `npm run build` (npm ci runs it for you)\n');
  process.exit(1);
}
await import(entry.href);
