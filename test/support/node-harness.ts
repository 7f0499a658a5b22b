/**
 * Runs one node instance outside a flow, for unit tests of node kinds: feeds it records (or lets a
 * source run), and collects what it emits per port, what it failed, and what it delivered.
 */
import { tmpdir } from 'node:os';
import { errorKind, errorMessage } from '../../engine/errors.js';
import { createExpressionCompiler } from '../../engine/expressions/expression-compiler.js';
import { createAjv } from '../../engine/json-schema.js';
import { silentLogger } from '../../engine/logger.js';
import type { ApprovalDecision, FlowRecord } from '../../engine/records.js';
import { nodeTakesInput, type ApprovalRequest, type Delivery, type NodeContext, type NodeKind, type Output, type TriggerInput } from '../../engine/sdk/node-kind.js';
import type { RetryPolicy } from '../../engine/flow/flow-schema.js';
import { retryOperation } from '../../engine/runtime/retry.js';
import { validateRetryPolicy } from '../../engine/runtime/retry-policy.js';
import type { Static, TSchema } from '@sinclair/typebox';
import { resolve } from 'node:path';
import { createStandaloneContext } from '../../engine/runtime/standalone-context.js';

export interface CollectedFailure {
  record: FlowRecord;
  kind: string;
  message: string;
  attempts: number;
}

export interface NodeRunResult {
  ports: Record<string, FlowRecord[]>;
  failures: CollectedFailure[];
  triggerInputs: Omit<TriggerInput, 'nodeId'>[];
  deliveries: { target: string; deliveries: Delivery[] }[];
  /** Records a sink skipped as already delivered, per target. */
  unchanged: { target: string; keys: (string | null)[] }[];
  /** Effects the node began, with their state when the run ended. */
  effects: { target: string; location: string; temporaryLocation?: string; fingerprint?: string; status: 'pending' | 'delivered' | 'discarded' }[];
  /** Records held for approval, with the request they were held under. */
  held: { records: FlowRecord[]; request: ApprovalRequest }[];
  /** How many times the node flushed: a source that streams flushes more than once. */
  flushes: number;
}

export interface HarnessOptions {
  /** Folder relative paths in config resolve against. Defaults to the system temp folder. */
  baseDir?: string;
  params?: Record<string, unknown>;
  batchSize?: number;
  /** Ledger contents before the run: target to key to content hash. */
  ledger?: Map<string, Map<string, string>>;
  /** Batches to hand to `process`, for nodes with input. */
  batches?: FlowRecord[][];
  /** Called after each flush, for tests that watch streaming. */
  onFlush?: (result: NodeRunResult) => void;
  signal?: AbortSignal;
  /** The node's `retry` field as a flow file would give it. */
  retry?: RetryPolicy;
  runId?: number;
  runStartedAt?: string;
  /** Run the node as part of a replay or approval run. */
  partialRun?: boolean;
  /** Earlier approval decisions by business key, which `holdForApproval` returns instead of holding the record. */
  decisions?: Map<string, ApprovalDecision>;
}

/** Creates the node from `config` (validated against its schema) and runs it to the end. */
export async function runNode<S extends TSchema>(kind: NodeKind<S>, config: Static<S>, options: HarnessOptions = {}): Promise<NodeRunResult> {
  const validate = createAjv().compile(kind.configSchema);
  if (!validate(config)) {
    throw new Error(`test config fails the ${kind.type} schema: ${JSON.stringify(validate.errors)}`);
  }
  const result: NodeRunResult = { ports: {}, failures: [], triggerInputs: [], deliveries: [], unchanged: [], effects: [], held: [], flushes: 0 };
  const staged = new Map<number, Delivery[]>();
  const ledger = options.ledger ?? new Map<string, Map<string, string>>();
  const baseDir = options.baseDir ?? tmpdir();
  const retryPolicy = validateRetryPolicy(options.retry);
  const signal = options.signal ?? new AbortController().signal;
  const remember = (target: string, deliveries: readonly Delivery[]): void => {
    result.deliveries.push({ target, deliveries: [...deliveries] });
    const byKey = ledger.get(target) ?? new Map<string, string>();
    for (const delivery of deliveries) {
      if (delivery.key !== null) {
        byKey.set(delivery.key, delivery.hash);
      }
    }
    ledger.set(target, byKey);
  };
  const context: NodeContext = {
    runId: options.runId ?? 1,
    flowId: 'test-flow',
    nodeId: 'node-under-test',
    params: options.params ?? {},
    batchSize: options.batchSize ?? 100,
    signal,
    logger: silentLogger,
    expressions: createExpressionCompiler({ params: options.params ?? {} }),
    ledger: {
      async recordDeliveries(target, deliveries) {
        remember(target, deliveries);
      },
      async lastDelivered(target, keys) {
        const byKey = ledger.get(target) ?? new Map<string, string>();
        return new Map(keys.filter((key) => byKey.has(key)).map((key) => [key, byKey.get(key) as string]));
      },
      // The harness has no lineage: every earlier delivery in `options.ledger` counts as this lineage's.
      async deliveredInLineage(target, deliveries) {
        const byKey = ledger.get(target) ?? new Map<string, string>();
        return new Set(deliveries.filter((delivery) => delivery.key !== null && byKey.get(delivery.key) === delivery.hash).map((delivery) => delivery.key as string));
      },
      async recordUnchanged(target, keys) {
        result.unchanged.push({ target, keys: [...keys] });
      },
      async beginEffect(effect) {
        result.effects.push({ ...effect, status: 'pending' });
        staged.set(result.effects.length - 1, []);
        return result.effects.length - 1;
      },
      async stageDeliveries(effectId, deliveries) {
        staged.get(effectId)?.push(...deliveries);
      },
      async sealEffect(effectId, fingerprint) {
        (result.effects[effectId] as NodeRunResult['effects'][number]).fingerprint = fingerprint;
      },
      async confirmEffect(effectId) {
        const effect = result.effects[effectId] as NodeRunResult['effects'][number];
        effect.status = 'delivered';
        remember(effect.target, staged.get(effectId) ?? []);
      },
      async discardEffect(effectId) {
        (result.effects[effectId] as NodeRunResult['effects'][number]).status = 'discarded';
      },
    },
    runStartedAt: options.runStartedAt ?? new Date().toISOString(),
    partialRun: options.partialRun ?? false,
    retryPolicy,
    retry: (operation, retryOptions) => retryOperation({ settings: retryPolicy, signal, logger: silentLogger }, operation, retryOptions),
    async holdForApproval(records, request) {
      const decided = records.flatMap((record) => {
        const decision = record.key === null ? undefined : options.decisions?.get(record.key);
        return decision === undefined ? [] : [{ ...record, decision }];
      });
      const held = records.filter((record) => record.key === null || options.decisions?.has(record.key) !== true);
      if (held.length > 0) {
        result.held.push({ records: held, request });
      }
      return decided;
    },
    resolvePath: (path) => resolve(baseDir, path),
    recordTriggerInput: (input) => {
      result.triggerInputs.push(input);
    },
    recordInput: (input) => {
      result.triggerInputs.push({ ...input, role: 'lookup' });
    },
  };
  const ports = new Set([...kind.outputs(config), 'error']);
  let pending = 0;
  const output: Output = {
    emit(port, record) {
      if (!ports.has(port)) {
        throw new Error(`node emitted on undeclared port '${port}'`);
      }
      (result.ports[port] ??= []).push(record);
      pending++;
    },
    fail(record, error, attempts = 1) {
      result.failures.push({ record, kind: errorKind(error), message: errorMessage(error), attempts });
      pending++;
    },
    get pending() {
      return pending;
    },
    async flush() {
      pending = 0;
      result.flushes++;
      options.onFlush?.(result);
    },
  };
  const instance = await kind.create(config, context);
  try {
    if (nodeTakesInput(kind, config)) {
      for (const batch of options.batches ?? []) {
        await instance.process?.(batch, output);
        await output.flush();
      }
    } else {
      await instance.run?.(output);
      await output.flush();
    }
    await instance.finish?.(output);
    await output.flush();
  } catch (error) {
    await instance.abort?.();
    throw error;
  }
  return result;
}

/** Makes records with keys and origins for feeding into a node under test. */
export function makeRecords(rows: Record<string, unknown>[], keyField?: string): FlowRecord[] {
  return rows.map((data, index) => ({
    key: keyField === undefined ? null : String(data[keyField]),
    origin: { node: 'test-source', index, line: index + 2, file: 'test.csv' },
    data,
  }));
}

/**
 * Returns a NodeContext for tests that drive a node instance by hand: a ledger that remembers
 * nothing, approvals that are dropped, and the default retry policy. `overrides` replaces fields.
 */
export function createTestNodeContext(overrides: Partial<NodeContext> = {}): NodeContext {
  const signal = overrides.signal ?? new AbortController().signal;
  return { ...createStandaloneContext({ nodeId: 'node-under-test', baseDir: tmpdir(), signal }), runId: 1, flowId: 'test-flow', ...overrides };
}
