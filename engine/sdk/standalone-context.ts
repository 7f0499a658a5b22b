/**
 * A {@link NodeContext} for running a node kind outside a flow run, as a file preview or a tool
 * does. Nothing it does is kept: there is no run, deliveries are not recorded, and the trigger
 * input is only handed to an optional callback.
 */
import { resolve } from 'node:path';
import { createExpressionCompiler } from '../expressions/expression-compiler.js';
import { silentLogger } from '../logger.js';
import type { NodeContext, TriggerInput } from './node-kind.js';
import { DEFAULT_RETRY_SETTINGS } from './retry-policy.js';

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

/** Creates a context whose run id is 0 and whose ledger remembers nothing. */
export function createStandaloneContext(options: StandaloneContextOptions): NodeContext {
  const params = options.params ?? {};
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
      recordDeliveries: async () => {},
      lastDelivered: async () => new Map<string, string>(),
    },
    retry: DEFAULT_RETRY_SETTINGS,
    resolvePath: (path) => resolve(options.baseDir, path),
    recordTriggerInput: (input) => options.onTriggerInput?.(input),
  };
}
