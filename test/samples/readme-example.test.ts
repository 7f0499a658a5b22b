/**
 * The flow file shown in the README runs as shown, so a reader who copies it gets a working flow.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli } from '../support/cli.js';

const folder = mkdtempSync(join(tmpdir(), 'flowmason-readme-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function readmeFlow(): string {
  const readme = readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A flow file'));
  const match = /```json\n([\s\S]*?)```/.exec(section);
  if (match?.[1] === undefined) {
    throw new Error('the README has no json block under "A flow file"');
  }
  return match[1];
}

describe('README flow example', () => {
  it('validates and runs as written', () => {
    writeFileSync(join(folder, 'customers.flow.json'), readmeFlow());
    writeFileSync(join(folder, 'customers.csv'), 'customer_no,name\nC-1,Acme Supply\nC-2,Harbor Tools\n');
    const validated = runCli(['validate', join(folder, 'customers.flow.json')]);
    expect(validated.stderr).toBe('');
    expect(validated.code).toBe(0);
    const run = runCli(['run', join(folder, 'customers.flow.json'), '--json', '--db', join(folder, 'history.db')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'COMPLETED' });
    expect(readFileSync(join(folder, 'out', 'customers.jsonl'), 'utf8')).toBe(
      '{"customer_no":"C-1","name":"Acme Supply"}\n{"customer_no":"C-2","name":"Harbor Tools"}\n',
    );
  });
});
