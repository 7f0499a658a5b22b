/**
 * A temporary folder with a small item flow built from shipped node kinds, for tests that drive
 * the built CLI. Items are read from CSV and written to an ERP import file in Windows-1252 with
 * delta delivery, which fails names with characters that encoding lacks. They are also held for
 * approval, and approved ones go to a JSON Lines file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeOutput, runCli } from './cli.js';

/** Exit status and normalized output of one command. */
export interface FixtureResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const ITEMS_CSV = 'sku,name,hazard\nA1,Bolt,\nA2,Nut ✓,\nA3,Spray,flammable\nA4,Acid ✗,corrosive\n';

export function itemFlow(encoding: 'windows-1252' | 'utf-8' = 'windows-1252'): Record<string, unknown> {
  const position = { x: 0, y: 0 };
  return {
    formatVersion: 1,
    id: 'items',
    name: 'Items',
    nodes: [
      { id: 'read', type: 'csv.read', typeVersion: 1, name: 'Read items', config: { path: 'items.csv', keyColumn: 'sku' }, position },
      {
        id: 'erp',
        type: 'csv.write',
        typeVersion: 1,
        name: 'ERP import',
        config: { path: 'out/erp-{runId}.csv', encoding, delivery: { mode: 'delta' } },
        position,
      },
      { id: 'review', type: 'approve', typeVersion: 1, name: 'Review', config: { role: 'compliance', editableFields: ['hazard'] }, position },
      { id: 'approved', type: 'json.write', typeVersion: 1, name: 'Approved', config: { path: 'out/approved-{runId}.jsonl', delivery: { mode: 'delta' } }, position },
      { id: 'rejected', type: 'json.write', typeVersion: 1, name: 'Rejected', config: { path: 'out/rejected-{runId}.jsonl', delivery: { mode: 'delta' } }, position },
    ],
    edges: [
      { from: { node: 'read', port: 'out' }, to: { node: 'erp', port: 'in' } },
      { from: { node: 'read', port: 'out' }, to: { node: 'review', port: 'in' } },
      { from: { node: 'review', port: 'approved' }, to: { node: 'approved', port: 'in' } },
      { from: { node: 'review', port: 'rejected' }, to: { node: 'rejected', port: 'in' } },
    ],
  };
}

export class CliFixture {
  readonly folder = mkdtempSync(join(tmpdir(), 'flowmason-cli-'));

  constructor() {
    this.write('items.csv', ITEMS_CSV);
    this.writeFlow(itemFlow());
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.folder, name), text);
  }

  read(name: string): string {
    return readFileSync(join(this.folder, name), 'utf8');
  }

  writeFlow(flow: Record<string, unknown>): void {
    this.write('items.flow.json', `${JSON.stringify(flow, null, 2)}\n`);
  }

  /** Runs `flowmason` with `--db history.db` added, in a new process, and normalizes its output. */
  cli(...args: string[]): FixtureResult {
    const result = runCli([...args, '--db', 'history.db'], { cwd: this.folder, env: { FLOWMASON_HOME: join(this.folder, '.flowmason'), FLOWMASON_USER: 'tester' } });
    return { status: result.code, stdout: normalizeOutput(result.stdout, this.folder), stderr: normalizeOutput(result.stderr, this.folder) };
  }

  /** Files under `out/`, sorted, each with its text. */
  outputs(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const name of readdirSync(join(this.folder, 'out')).sort()) {
      result[name] = this.read(join('out', name));
    }
    return result;
  }

  close(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}
