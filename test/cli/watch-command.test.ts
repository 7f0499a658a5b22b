/** `flowmason watch` through the built CLI: the errors it reports before it watches anything. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow } from '../support/flow-builder.js';
import { REPOSITORY_ROOT, runCli } from '../support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'flowmason-watch-cli-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function writeFlow(name: string, triggerConfig: Record<string, unknown>): string {
  const flow = buildFlow(
    [
      ['inbox', 'trigger.file-watch', triggerConfig],
      ['read', 'csv.read', { path: { $param: 'input' } }],
    ],
    [],
    { parameters: { input: { type: 'path' } } },
  );
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(flow));
  return path;
}

describe('flowmason watch', () => {
  it('rejects a flow without a trigger node', () => {
    const result = runCli(['watch', join(REPOSITORY_ROOT, 'samples', 'item-onboarding', 'item-onboarding.flow.json'), '--once', '--db', join(folder, 'history.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "flowmason: flow 'item-onboarding' has no trigger.file-watch node; add one that names the folder to watch and the parameter that receives each file\n",
    );
  });

  it('rejects a trigger naming an undeclared parameter', () => {
    const result = runCli(['watch', writeFlow('unknown.flow.json', { folder: 'inbox', parameter: 'file' }), '--once', '--db', join(folder, 'history.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("flowmason: node 'inbox' field 'config.parameter': the flow declares no parameter 'file' to receive each file's path\n");
  });

  it('prints no log lines next to its text by default', () => {
    const flow = writeFlow('one.flow.json', { folder: 'quiet', parameter: 'input', settleTime: 0 });
    mkdirSync(join(folder, 'quiet'), { recursive: true });
    writeFileSync(join(folder, 'quiet', 'items.csv'), 'sku\nA1\n');
    const result = runCli(['watch', flow, '--once', '--db', join(folder, 'quiet.db')], { env: { FLOWMASON_LOG_LEVEL: undefined } });
    expect(result.stdout).toBe('run 1 COMPLETED  items.csv -> done/items.csv\n');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('finishes at once with an empty inbox', () => {
    const result = runCli(['watch', writeFlow('empty.flow.json', { folder: 'inbox', parameter: 'input', settleTime: 0 }), '--once', '--db', join(folder, 'history.db')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });
});
