import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../flow/node-registry.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { DELIVERY_TEST_KINDS, flakyAttempts } from '../../test/support/delivery-kinds.js';
import { collected, TEST_KINDS } from '../../test/support/test-kinds.js';
import { runFlow } from './run-flow.js';

const registry = new NodeRegistry([...TEST_KINDS, ...DELIVERY_TEST_KINDS]);
let folder: string;
let store: SqliteRunStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-context-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  flakyAttempts.clear();
  collected.clear();
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

function flakyFlow(failures: number, retry: Record<string, unknown>) {
  return buildFlow(
    [
      ['source', 'test.numbers', { count: 3 }],
      ['flaky', 'test.flaky', { failures }, { retry }],
      ['sink', 'test.collect', { name: 'sink' }],
    ],
    ['source.out -> flaky', 'flaky.out -> sink'],
  );
}

describe('context.retry in a run', () => {
  it('retries transient failures under the node policy', async () => {
    const result = await runFlow({ flow: flakyFlow(2, { maximumAttempts: 3, initialInterval: 1, jitter: 0 }), registry, store, flowDir: folder });
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records).toHaveLength(3);
    expect(flakyAttempts.get('item-0')).toBe(3);
  });

  it('dead-letters a record with the attempts it took', async () => {
    const result = await runFlow({ flow: flakyFlow(5, { maximumAttempts: 2, initialInterval: '1ms', jitter: 0 }), registry, store, flowDir: folder });
    expect(result.status).toBe('COMPLETED_WITH_ERRORS');
    const letters = await store.listDeadLetters({ runId: result.runId });
    expect(letters.map((letter) => [letter.recordKey, letter.errorKind, letter.errorMessage, letter.attempts])).toEqual([
      ['item-0', 'transient', "attempt 2 of 'item-0' failed", 2],
      ['item-1', 'transient', "attempt 2 of 'item-1' failed", 2],
      ['item-2', 'transient', "attempt 2 of 'item-2' failed", 2],
    ]);
  });

  it('fails the run naming the node for a bad policy', async () => {
    const result = await runFlow({ flow: flakyFlow(0, { initialInterval: '2s', maximumInterval: '1s' }), registry, store, flowDir: folder });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe("node 'flaky': retry.maximumInterval (1s) must not be less than retry.initialInterval (2s)");
  });
});
