/**
 * A {@link NodeContext} for running a node kind outside a flow run, as a file preview, a tool or
 * a unit test does. Nothing it does is kept: there is no run, the ledger remembers nothing,
 * records held for approval are dropped, and the trigger input only goes to an optional callback.
 */
import { resolve } from 'node:path';
import { createExpressionCompiler } from '../expressions/expression-compiler.js';
import { silentLogger } from '../logger.js';
import type { NodeContext, TriggerInput } from '../sdk/node-kind.js';
import { retryOperation } from './retry.js';
import { validateRetryPolicy } from './retry-policy.js';

export interface StandaloneContextOptions {
  nodeId: string;
  /** Folder that relative paths in the config resolve against. */
  baseDir: string;
  signal: AbortSignal;
  batchSize?: number;
  params?: Readonly<Record<string, unknown>>;
  onTriggerInput?: (input: Omit<TriggerInput, 'nodeId'>) => void;
}

/** Records per batch when the caller sets no size. Previews and tools read few records, so it is small. */
const STANDALONE_BATCH_SIZE = 100;

/** Creates a context whose run id is 0, with the default retry policy and a ledger that remembers nothing. */
export function createStandaloneContext(options: StandaloneContextOptions): NodeContext {
  const params = options.params ?? {};
  const retryPolicy = validateRetryPolicy(undefined);
  return {
    runId: 0,
    flowId: 'standalone',
    nodeId: options.nodeId,
    params,
    batchSize: options.batchSize ?? STANDALONE_BATCH_SIZE,
    signal: options.signal,
    logger: silentLogger,
    expressions: createExpressionCompiler({ params }),
    ledger: {
      recordDeliveries: async () => undefined,
      lastDelivered: async () => new Map<string, string>(),
      deliveredInLineage: async () => new Set<string>(),
      recordUnchanged: async () => undefined,
      beginEffect: async () => 0,
      stageDeliveries: async () => undefined,
      sealEffect: async () => undefined,
      confirmEffect: async () => undefined,
      discardEffect: async () => undefined,
    },
    runStartedAt: new Date().toISOString(),
    partialRun: false,
    retryPolicy,
    retry: (operation, retryOptions) => retryOperation({ settings: retryPolicy, signal: options.signal, logger: silentLogger }, operation, retryOptions),
    holdForApproval: async () => [],
    resolvePath: (path) => resolve(options.baseDir, path),
    recordTriggerInput: (input) => options.onTriggerInput?.(input),
    recordInput: (input) => options.onTriggerInput?.({ ...input, role: 'lookup' }),
  };
}
