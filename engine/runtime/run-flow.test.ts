import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeRegistry } from '../flow/node-registry.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { buildFlow } from '../../test/support/flow-builder.js';
import { collected, numbersProgress, TEST_KINDS } from '../../test/support/test-kinds.js';
import { runFlow, type RunFlowOptions } from './run-flow.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import { defineNodeKind, Type, withData } from '../sdk/index.js';

const registry = new NodeRegistry(TEST_KINDS);
let folder: string;
let store: SqliteRunStore;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-runtime-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  collected.clear();
  numbersProgress.emitted = 0;
});

afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

function run(flow: FlowDocument, options: Partial<RunFlowOptions> = {}) {
  return runFlow({ flow, registry, store, flowDir: folder, batchSize: 10, ...options });
}

describe('runFlow', () => {
  it('streams a linear flow to completion and stores its steps', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 25 }],
        ['double', 'test.double', {}],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records.map((record) => record.data.n)).toEqual(Array.from({ length: 25 }, (_, n) => n * 2));
    expect(collected.get('sink')?.finished).toBe(true);
    const steps = await store.getSteps(result.runId);
    expect(steps.map((step) => [step.nodeId, step.status, step.recordsIn, step.outputs])).toEqual([
      ['source', 'COMPLETED', 0, { out: 25, error: 0 }],
      ['double', 'COMPLETED', 25, { out: 25, error: 0 }],
      ['sink', 'COMPLETED', 25, { error: 0 }],
    ]);
    const stored = await store.getRun(result.runId);
    expect(stored?.status).toBe('COMPLETED');
    expect(stored?.finishedAt).not.toBeNull();
  });

  it('keeps key and origin through transforms', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 3 }],
        ['double', 'test.double', {}],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    await run(flow);
    const second = collected.get('sink')?.records[1];
    expect(second?.key).toBe('item-1');
    expect(second?.origin).toEqual({ node: 'source', index: 1 });
  });

  it('delivers every record to both branches of a fan-out', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 57 }],
        ['left', 'test.collect', { name: 'left' }],
        ['right', 'test.collect', { name: 'right', delayMs: 1 }],
      ],
      ['source.out -> left', 'source.out -> right'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('left')?.records).toHaveLength(57);
    expect(collected.get('right')?.records).toHaveLength(57);
  });

  it('merges two edges into one input port', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 20 }],
        ['parity', 'test.parity', {}],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> parity', 'parity.even -> sink', 'parity.odd -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records).toHaveLength(20);
    const steps = await store.getSteps(result.runId);
    expect(steps.find((step) => step.nodeId === 'parity')?.outputs).toEqual({ even: 10, odd: 10, error: 0 });
  });

  it('sends failed records to dead letters and completes with errors', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 30 }],
        ['double', 'test.double', { failEvery: 10 }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED_WITH_ERRORS');
    expect(collected.get('sink')?.records).toHaveLength(27);
    const letters = await store.listDeadLetters({ runId: result.runId });
    expect(letters.map((letter) => [letter.nodeId, letter.recordKey, letter.errorKind, letter.errorMessage, letter.attempts])).toEqual([
      ['double', 'item-0', 'input', 'n 0 is divisible by 10', 1],
      ['double', 'item-10', 'input', 'n 10 is divisible by 10', 1],
      ['double', 'item-20', 'input', 'n 20 is divisible by 10', 1],
    ]);
    expect(letters[1]?.record.data).toEqual({ n: 10, label: null });
    expect((await store.getRun(result.runId))?.openDeadLetters).toBe(3);
    const steps = await store.getSteps(result.runId);
    expect(steps.find((step) => step.nodeId === 'double')?.errors).toBe(3);
  });

  it('sends failed records to a connected error port instead of dead letters', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 30 }],
        ['double', 'test.double', { failEvery: 10 }],
        ['sink', 'test.collect', { name: 'sink' }],
        ['errors', 'test.collect', { name: 'errors' }],
      ],
      ['source.out -> double', 'double.out -> sink', 'double.error -> errors'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED');
    expect(await store.listDeadLetters({ runId: result.runId })).toEqual([]);
    const failed = collected.get('errors')?.records ?? [];
    expect(failed.map((record) => record.key)).toEqual(['item-0', 'item-10', 'item-20']);
    expect(failed[0]?.errors).toEqual([{ rule: 'input-error', message: 'n 0 is divisible by 10', node: 'double' }]);
  });

  it('fails the run on the first failure when the node says fail-run', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 100 }],
        ['double', 'test.double', { failEvery: 50 }, { onError: 'fail-run' }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe("node 'double': n 0 is divisible by 50");
    expect(collected.get('sink')?.finished).toBe(false);
    expect(collected.get('sink')?.aborted).toBe(true);
    expect(await store.listDeadLetters({ runId: result.runId })).toHaveLength(1);
  });

  it('fails the run when a node throws, naming the node', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 100 }],
        ['double', 'test.double', { throwOnBatch: true }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe("node 'double': this node throws on every batch");
    const steps = await store.getSteps(result.runId);
    expect(steps.find((step) => step.nodeId === 'double')?.status).toBe('FAILED');
    expect(collected.get('sink')?.aborted).toBe(true);
  });

  it('skips the nodes a failure stopped before they got a record', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 100 }],
        ['double', 'test.double', { throwOnBatch: true }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const result = await run(flow);
    const steps = await store.getSteps(result.runId);
    expect(steps.map((step) => [step.nodeId, step.status])).toEqual([
      ['source', 'FAILED'],
      ['double', 'FAILED'],
      ['sink', 'SKIPPED'],
    ]);
  });

  it('holds a fast source back to the pace of a slow sink', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 2000 }],
        ['sink', 'test.collect', { name: 'sink', delayMs: 1, keep: false }],
      ],
      ['source.out -> sink'],
    );
    const result = await run(flow);
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.received).toBe(2000);
    // Channel capacity (4 batches), plus the batch the sink holds and the one the source is filling: 6 batches of 10.
    expect(collected.get('sink')?.maxAhead).toBeLessThanOrEqual(60);
    expect(collected.get('sink')?.maxAhead).toBeGreaterThan(0);
  });

  it('cancels a running run and lets sinks discard their work', async () => {
    const controller = new AbortController();
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 100_000 }],
        ['sink', 'test.collect', { name: 'sink', delayMs: 1, keep: false }],
      ],
      ['source.out -> sink'],
    );
    const running = run(flow, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await running;
    expect(result.status).toBe('CANCELLED');
    expect(result.error).toBe('the run was cancelled');
    expect(collected.get('sink')?.aborted).toBe(true);
    expect(collected.get('sink')?.finished).toBe(false);
    expect((await store.getRun(result.runId))?.status).toBe('CANCELLED');
  });

  it('continues given records at a node and skips the nodes before it', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 5 }],
        ['double', 'test.double', {}],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> double', 'double.out -> sink'],
    );
    const parent = await run(flow);
    const records = [{ key: 'item-7', origin: { node: 'source', index: 7 }, data: { n: 7 } }];
    const result = await run(flow, { continuation: { reason: 'replay', parentRunId: parent.runId, entries: [{ nodeId: 'double', records }] } });
    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records.map((record) => record.data.n)).toEqual([14]);
    const steps = await store.getSteps(result.runId);
    expect(steps.map((step) => [step.nodeId, step.status])).toEqual([
      ['source', 'SKIPPED'],
      ['double', 'COMPLETED'],
      ['sink', 'COMPLETED'],
    ]);
    const stored = await store.getRun(result.runId);
    expect([stored?.reason, stored?.parentRunId]).toEqual(['replay', parent.runId]);
  });

  it('resolves $param references with defaults and overrides', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: { $param: 'count' }, label: { $param: 'label' } }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> sink'],
      { parameters: { count: { type: 'number', default: 2 }, label: { type: 'string', default: 'default label' } } },
    );
    const first = await run(flow);
    expect(first.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records.map((record) => record.data.label)).toEqual(['default label', 'default label']);
    const second = await run(flow, { params: { count: '3', label: 'given' } });
    expect(collected.get('sink')?.records.map((record) => record.data.label)).toEqual(['given', 'given', 'given']);
    expect((await store.getRun(second.runId))?.params).toEqual({ count: 3, label: 'given' });
  });

  it('fails the run with a clear message for a parameter of the wrong type', async () => {
    const flow = buildFlow([['source', 'test.numbers', { count: { $param: 'count' } }]], [], {
      parameters: { count: { type: 'number', default: 2 } },
    });
    const result = await run(flow, { params: { count: 'many' } });
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe("parameter 'count' must be a number; got 'many'");
  });

  it('keeps a bounded sample of records per port', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 100 }],
        ['sink', 'test.collect', { name: 'sink', keep: false }],
      ],
      ['source.out -> sink'],
    );
    const result = await run(flow, { sampleSize: 5 });
    const sample = await store.getSample(result.runId, 'source', 'out');
    expect(sample.map((record) => record.key)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
  });

  it('records sink deliveries in the ledger', async () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 3 }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['source.out -> sink'],
    );
    const result = await run(flow);
    const entries = await store.findDeliveries('item-2');
    expect(entries.map((entry) => [entry.target, entry.contentHash, entry.runId, entry.nodeId])).toEqual([['test:sink', '2', result.runId, 'sink']]);
  });

  it('runs a kind as source or transform by its config', async () => {
    const eitherKind = defineNodeKind({
      type: 'test.either',
      version: 1,
      category: 'connector',
      title: 'Either',
      description: 'A source or a transform, by its role.',
      configSchema: Type.Object({ role: Type.Union([Type.Literal('source'), Type.Literal('transform')]) }),
      defaultConfig: { role: 'transform' },
      hasInput: true,
      takesInput: (config) => config.role !== 'source',
      outputs: () => ['out'],
      create: (config, context) =>
        config.role === 'source'
          ? { run: async (out) => out.emit('out', { key: 'made', origin: { node: context.nodeId, index: 0 }, data: { n: 1 } }) }
          : { process: (batch, out) => batch.forEach((record) => out.emit('out', withData(record, { n: (record.data.n as number) + 10 }))) },
    });
    const flow = buildFlow(
      [
        ['first', 'test.either', { role: 'source' }],
        ['second', 'test.either', { role: 'transform' }],
        ['sink', 'test.collect', { name: 'sink' }],
      ],
      ['first.out -> second', 'second.out -> sink'],
    );

    const result = await run(flow, { registry: new NodeRegistry([...TEST_KINDS, eitherKind]) });

    expect(result.status).toBe('COMPLETED');
    expect(collected.get('sink')?.records.map((record) => [record.key, record.data.n])).toEqual([['made', 11]]);
  });
});
