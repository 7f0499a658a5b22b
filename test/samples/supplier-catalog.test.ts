/**
 * The supplier-catalog sample end to end through the CLI. The Acme and Harbor catalogs are staged
 * in SQLite, and in a second pass in a PostgreSQL server the test starts. Then the public 832 files
 * are read in place. Outputs are compared with the golden files in samples/supplier-catalog/expected/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli, type CliResult } from '../support/cli.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { realdataPath, SKIP_REALDATA } from '../support/realdata.js';

const SAMPLE = join(REPOSITORY_ROOT, 'samples', 'supplier-catalog');
let workspace: string;
let flowFile: string;
let history: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'flowmason-catalog-'));
  cpSync(SAMPLE, workspace, { recursive: true, filter: (source) => !source.startsWith(join(SAMPLE, 'out')) });
  flowFile = join(workspace, 'supplier-catalog.flow.json');
  history = join(workspace, 'history.db');
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  return runCli(['run', flowFile, '--json', '--db', history, ...args], { env });
}

function output(relativePath: string): string {
  return readFileSync(join(workspace, relativePath), 'utf8');
}

function golden(relativePath: string): string {
  return readFileSync(join(SAMPLE, 'expected', relativePath), 'utf8');
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Records per port of each node, from `flowmason run --json`. */
function portCounts(stdout: string): Record<string, Record<string, number>> {
  const summary = JSON.parse(stdout) as { steps: { nodeId: string; out: Record<string, number> }[] };
  return Object.fromEntries(summary.steps.map((step) => [step.nodeId, step.out]));
}

function stagedRowsInSqlite(path: string): unknown[] {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare('SELECT * FROM price_staging ORDER BY supplier_id, supplier_item').all();
  } finally {
    database.close();
  }
}

describe('supplier-catalog sample on SQLite', () => {
  it('stages the Acme catalog and lists its exceptions', () => {
    const result = run([]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'COMPLETED' });
    expect(portCounts(result.stdout)).toMatchObject({
      'read-catalog': { out: 1, error: 0 },
      'check-set': { valid: 1, invalid: 0 },
      'split-items': { out: 10, error: 0 },
      'check-price': { valid: 4, invalid: 6, error: 0 },
      'stage-prices': { out: 4, unchanged: 0, error: 0 },
      'to-feed': { out: 4, error: 0 },
      'to-exception': { out: 6, error: 0 },
    });
    expect(output('out/price-feed.jsonl')).toBe(golden('acme/price-feed.jsonl'));
    expect(output('out/exceptions.jsonl')).toBe(golden('acme/exceptions.jsonl'));
  });

  it('names every broken rule of an item at its LIN line', () => {
    const exceptions = jsonLines(output('out/exceptions.jsonl')) as { lineNumber: string; line: number; reasons: { rule: string }[] }[];
    expect(exceptions.map((entry) => [entry.lineNumber, entry.line, entry.reasons.map((reason) => reason.rule)])).toEqual([
      ['3', 17, ['gtin-check-digit']],
      ['4', 20, ['price-required']],
      ['5', 23, ['unit-code']],
      ['7', 31, ['supplier-item-required']],
      ['8', 34, ['price-positive']],
      ['9', 37, ['gtin-check-digit', 'unit-code']],
    ]);
  });

  it('stages the Harbor catalog through its parameters file', () => {
    const result = run(['--params-file', join(workspace, 'harbor.params.json')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(portCounts(result.stdout)).toMatchObject({
      'read-catalog': { out: 2, error: 0 },
      'check-set': { valid: 1, invalid: 1 },
      'check-price': { valid: 4, invalid: 0 },
      'stage-prices': { out: 4, unchanged: 0 },
    });
    expect(output('out/harbor/price-feed.jsonl')).toBe(golden('harbor/price-feed.jsonl'));
    expect(output('out/harbor/exceptions.jsonl')).toBe(golden('harbor/exceptions.jsonl'));
    expect(stagedRowsInSqlite(join(workspace, 'out', 'price-staging.db'))).toEqual(JSON.parse(golden('price-staging.json')));
  });

  it('skips unchanged rows on a second run', () => {
    const result = run([]);
    expect(result.code).toBe(0);
    expect(portCounts(result.stdout)['stage-prices']).toEqual({ out: 0, unchanged: 4, error: 0 });
    expect(output('out/price-feed.jsonl')).toBe(golden('acme/price-feed.jsonl'));
  });
});

describe('supplier-catalog sample on PostgreSQL', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('stages the same rows in PostgreSQL', async () => {
    // The URL names no password: pg reads PGPASSWORD, so the password stays out of the run history.
    const database = `postgres://${server.user}@${server.host}:${server.port}/${server.database}`;
    const environment = { PGPASSWORD: server.password };
    const outputs = ['--param', `priceFeedFile=${join(workspace, 'out', 'pg', 'price-feed.jsonl')}`, '--param', `exceptionsFile=${join(workspace, 'out', 'pg', 'exceptions.jsonl')}`];
    const acme = run(['--param', `database=${database}`, ...outputs], environment);
    expect(acme.stderr).toBe('');
    expect(acme.code).toBe(0);
    expect(portCounts(acme.stdout)['stage-prices']).toEqual({ out: 4, unchanged: 0, error: 0 });
    const harbor = run(['--params-file', join(workspace, 'harbor.params.json'), '--param', `database=${database}`, ...outputs], environment);
    expect(harbor.code).toBe(0);
    expect(portCounts(harbor.stdout)['stage-prices']).toEqual({ out: 4, unchanged: 0, error: 0 });

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const rows = await client.query('SELECT *, source_line::integer AS source_line FROM price_staging ORDER BY supplier_id, supplier_item');
      expect(rows.rows).toEqual(JSON.parse(golden('price-staging.json')));
    } finally {
      await client.end();
    }
    const shown = runCli(['show', String((JSON.parse(acme.stdout) as { runId: number }).runId), '--json', '--db', history]);
    expect(shown.stdout).not.toContain(server.password);
  });
});

describe.skipIf(SKIP_REALDATA)('supplier-catalog sample on public 832 files', () => {
  function runOn(input: string, name: string, extra: string[] = []): { result: CliResult; feed: Record<string, unknown>[]; exceptions: Record<string, unknown>[] } {
    const feedFile = join(workspace, 'out', 'real', `${name}-feed.jsonl`);
    const exceptionsFile = join(workspace, 'out', 'real', `${name}-exceptions.jsonl`);
    const result = run([
      '--param',
      `input=${input}`,
      '--param',
      `priceFeedFile=${feedFile}`,
      '--param',
      `exceptionsFile=${exceptionsFile}`,
      '--param',
      `database=sqlite:${join(workspace, 'out', 'real', 'staging.db')}`,
      ...extra,
    ]);
    return { result, feed: jsonLines(readFileSync(feedFile, 'utf8')), exceptions: jsonLines(readFileSync(exceptionsFile, 'utf8')) };
  }

  it('stages the produce catalog and rejects its zero prices', () => {
    const { result, feed, exceptions } = runOn(realdataPath('stupidedi', '004010_SC832_produce_catalog.edi'), 'produce');
    expect(result.code).toBe(0);
    expect(portCounts(result.stdout)).toMatchObject({
      'split-items': { out: 176 },
      'check-price': { valid: 157, invalid: 19 },
      'stage-prices': { out: 157, error: 0 },
    });
    expect(feed).toHaveLength(157);
    expect(feed[0]).toEqual({ sku: 'A3-CTN', supplier: 'CUSTOMER', title: 'BABY ARUGULA', price: 19.88, currency: 'USD', unit: 'XCS', priceQuantity: 1, validFrom: '2015-02-10' });
    expect(exceptions).toHaveLength(19);
    expect(exceptions[0]).toMatchObject({ lineNumber: '17', supplierItem: 'BOR1-CTN', price: 0, reasons: [{ rule: 'price-positive' }] });
    expect(exceptions.every((entry) => (entry.reasons as { rule: string }[]).every((reason) => reason.rule === 'price-positive'))).toBe(true);
  });

  it('rejects the truncated Sysco catalog by its SE01 count', () => {
    const { result, feed, exceptions } = runOn(realdataPath('stupidedi', '004010_SC832_sysco_wrapped-ISA.edi'), 'sysco');
    expect(result.code).toBe(0);
    expect(feed).toEqual([]);
    expect(exceptions).toEqual([
      {
        file: '004010_SC832_sysco_wrapped-ISA.edi',
        line: 4,
        transactionSet: '832',
        reasons: [
          {
            rule: 'input-error',
            message:
              "004010_SC832_sysco_wrapped-ISA.edi: interchange 000062996, group 15547, set 832 015547001: SE01 is '1659' but the set has 17 segments from ST to SE (segment SE at position 17 of the set, line 20, element SE01, rule set-segment-count); the sender must correct SE01 and resend the set",
          },
        ],
      },
    ]);
  });

  it('stages the Sysco items with control checks as warnings', () => {
    const { result, feed } = runOn(realdataPath('stupidedi', '004010_SC832_sysco_wrapped-ISA.edi'), 'sysco-warning', ['--param', 'controlChecks=warning']);
    expect(result.code).toBe(0);
    expect(portCounts(result.stdout)['stage-prices']).toMatchObject({ out: 2, error: 0 });
    expect(feed.map((entry) => [entry.sku, entry.price, entry.unit, entry.validFrom])).toEqual([
      ['0073155', 139.99, 'XCS', '2010-01-18'],
      ['0444067', 13.86, 'XCS', '2010-01-18'],
    ]);
  });

  it('lists the unpriced book items of the BISG catalog', () => {
    const { result, feed, exceptions } = runOn(realdataPath('edinet', 'x12.832.edi'), 'bisg', ['--param', 'controlChecks=warning']);
    expect(result.code).toBe(0);
    expect(feed).toEqual([]);
    expect(exceptions.map((entry) => [entry.catalogNumber, entry.lineNumber, (entry.reasons as { rule: string }[]).map((reason) => reason.rule)])).toEqual([
      ['BISG', '1', ['supplier-item-required', 'price-required']],
      ['BISG', '2', ['supplier-item-required', 'price-required']],
    ]);
  });

  it('maps units only to active Recommendation 20 codes', () => {
    const official = new Set(
      readFileSync(realdataPath('uom', 'unece_rec20_active_units.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]),
    );
    const targets = readFileSync(join(SAMPLE, 'data', 'x12-units.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[1]);
    expect(targets.length).toBeGreaterThan(10);
    expect(targets.filter((code) => !official.has(code))).toEqual([]);
  });
});
