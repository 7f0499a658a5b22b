/**
 * Small node kinds for engine tests: a counting source, transforms that double or fail records,
 * and a collecting sink. They exercise the runtime without depending on real connectors.
 */
import { defineNodeKind, InputError, Type, withData, type FlowRecord, type NodeKind } from '../../engine/sdk/index.js';

/** Records the numbers source has emitted so far in the current test, for back-pressure checks. */
export const numbersProgress = { emitted: 0 };

/** Emits `count` records `{ n }` keyed `item-<n>`, flushing whenever a batch is full. */
export const numbersSource = defineNodeKind({
  type: 'test.numbers',
  version: 1,
  category: 'connector',
  title: 'Numbers',
  description: 'Emits numbered records.',
  configSchema: Type.Object({ count: Type.Integer({ minimum: 0 }), label: Type.Optional(Type.String()) }),
  defaultConfig: { count: 10 },
  hasInput: false,
  outputs: () => ['out'],
  create(config, context) {
    return {
      async run(out) {
        for (let n = 0; n < config.count; n++) {
          if (context.signal.aborted) {
            return;
          }
          out.emit('out', { key: `item-${n}`, origin: { node: context.nodeId, index: n }, data: { n, label: config.label ?? null } });
          numbersProgress.emitted++;
          if (out.pending >= context.batchSize) {
            await out.flush();
          }
        }
      },
    };
  },
});

/** Doubles `n`; fails records whose `n` is divisible by `failEvery` (when set). */
export const doubleTransform = defineNodeKind({
  type: 'test.double',
  version: 1,
  category: 'transform',
  title: 'Double',
  description: 'Doubles n.',
  configSchema: Type.Object({ failEvery: Type.Optional(Type.Integer({ minimum: 1 })), throwOnBatch: Type.Optional(Type.Boolean()) }),
  defaultConfig: {},
  hasInput: true,
  outputs: () => ['out'],
  create(config) {
    return {
      process(batch, out) {
        if (config.throwOnBatch === true) {
          throw new InputError('this node throws on every batch');
        }
        for (const record of batch) {
          const n = record.data.n as number;
          if (config.failEvery !== undefined && n % config.failEvery === 0) {
            out.fail(record, new InputError(`n ${n} is divisible by ${config.failEvery}`));
            continue;
          }
          out.emit('out', withData(record, { ...record.data, n: n * 2 }));
        }
      },
    };
  },
});

/** What the collecting sink saw, by `name`, shared with the test. */
export const collected = new Map<string, { records: FlowRecord[]; received: number; maxAhead: number; finished: boolean; aborted: boolean }>();

/** Stores records under `name`; with `delayMs` it waits per batch, to test back-pressure. */
export const collectSink = defineNodeKind({
  type: 'test.collect',
  version: 1,
  category: 'connector',
  title: 'Collect',
  description: 'Collects records for tests.',
  configSchema: Type.Object({ name: Type.String(), delayMs: Type.Optional(Type.Integer({ minimum: 0 })), keep: Type.Optional(Type.Boolean()) }),
  defaultConfig: { name: 'sink' },
  hasInput: true,
  outputs: () => [],
  create(config, context) {
    const state = { records: [] as FlowRecord[], received: 0, maxAhead: 0, finished: false, aborted: false };
    collected.set(config.name, state);
    return {
      async process(batch) {
        state.received += batch.length;
        state.maxAhead = Math.max(state.maxAhead, numbersProgress.emitted - state.received);
        if (config.keep !== false) {
          state.records.push(...batch);
        }
        await context.ledger.recordDeliveries(`test:${config.name}`, batch.map((record) => ({ key: record.key, hash: String(record.data.n) })));
        if (config.delayMs !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, config.delayMs));
        }
      },
      finish() {
        state.finished = true;
      },
      abort() {
        state.aborted = true;
      },
    };
  },
});

/** Routes even `n` to `even` and odd `n` to `odd`. */
export const parityRoute = defineNodeKind({
  type: 'test.parity',
  version: 1,
  category: 'route',
  title: 'Parity',
  description: 'Routes by parity of n.',
  configSchema: Type.Object({}),
  defaultConfig: {},
  hasInput: true,
  outputs: () => ['even', 'odd'],
  create() {
    return {
      process(batch, out) {
        for (const record of batch) {
          out.emit((record.data.n as number) % 2 === 0 ? 'even' : 'odd', record);
        }
      },
    };
  },
});

export const TEST_KINDS: readonly NodeKind[] = [numbersSource, doubleTransform, collectSink, parityRoute];
