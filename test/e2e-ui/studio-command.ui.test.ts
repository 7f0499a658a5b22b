/**
 * `flowmason studio` as a user starts it: the built CLI prints an address with a token, serves the
 * designer and the API behind that token on 127.0.0.1, and stops on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let folder: string;
let child: ChildProcess;
let url: URL;
let output = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-studio-cli-'));
  child = spawn(process.execPath, ['bin/flowmason.js', 'studio', '--no-open', '--port', '0', '--workspace', folder, '--db', join(folder, 'history.db')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1] !== undefined && output.includes('press Ctrl-C to stop')) {
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`flowmason studio exited with ${code}: ${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  await rm(folder, { recursive: true, force: true });
});

describe('flowmason studio', () => {
  it('prints the workspace and history paths', () => {
    expect(output).toContain(`workspace: ${folder}`);
    expect(output).toContain(`history:   ${join(folder, 'history.db')}`);
  });

  it('serves the designer with the token', async () => {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it('refuses the designer without the token', async () => {
    const page = await fetch(`${url.origin}/`);
    expect(page.status).toBe(401);
  });

  it('answers API calls with the token header', async () => {
    const response = await fetch(`${url.origin}/api/listFlows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-flowmason-token': url.searchParams.get('token') ?? '' },
      body: '{}',
    });
    expect(await response.json()).toEqual({ ok: true, value: { workspace: folder, flows: [] } });
  });

  it('stops on SIGTERM', async () => {
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('stopping: cancelling runs still going');
  });
});
