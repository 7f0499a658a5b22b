/**
 * What every continuation of a run needs to start: the flow version to run (the parent's, kept in
 * the store by hash, or the current flow file), the folder paths resolve against, and the
 * parent's parameters. Rerun, replay and approval decisions all start from here.
 */
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { formatProblem, hasErrors, loadFlowFile } from '../flow/load-flow.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import type { ParameterOverride } from '../flow/parameters.js';
import type { Logger } from '../logger.js';
import { flowHash, type RunFlowOptions } from '../runtime/run-flow.js';
import type { RunStore, RunSummary } from '../store/run-store.js';

/** Which flow version a continuation runs: the parent's own, or what the flow file holds now. */
export const FLOW_VERSION_CHOICES = ['original', 'current'] as const;
export type FlowVersionChoice = (typeof FLOW_VERSION_CHOICES)[number];

/** What a continuation command needs around the engine. */
export interface OperationContext {
  store: RunStore;
  registry: NodeRegistry;
  logger?: Logger;
  /** Folder used for relative paths of runs that did not start from a flow file. */
  workingDir?: string;
}

export interface ContinuationSetup {
  flow: FlowDocument;
  hash: string;
  version: FlowVersionChoice;
  base: Omit<RunFlowOptions, 'continuation'>;
}

/** Parses a `--flow-version` value, naming the allowed ones when it is neither. */
export function parseFlowVersionChoice(value: string | undefined): FlowVersionChoice {
  if (value === undefined) {
    return 'original';
  }
  if ((FLOW_VERSION_CHOICES as readonly string[]).includes(value)) {
    return value as FlowVersionChoice;
  }
  throw new InputError(`--flow-version must be original or current; got '${value}'`);
}

/** Prepares the options to continue `run` with the chosen flow version. */
export async function continuationSetup(context: OperationContext, run: RunSummary, version: FlowVersionChoice): Promise<ContinuationSetup> {
  const flow = version === 'original' ? await originalFlow(context.store, run) : await currentFlow(context.registry, run);
  const flowDir = run.flowPath === null ? (context.workingDir ?? process.cwd()) : dirname(run.flowPath);
  return {
    flow,
    hash: flowHash(flow),
    version,
    base: {
      flow,
      registry: context.registry,
      store: context.store,
      flowDir,
      flowPath: run.flowPath,
      params: parentParameters(run, flow),
      overrideDir: flowDir,
      ...(context.logger === undefined ? {} : { logger: context.logger }),
    },
  };
}

async function originalFlow(store: RunStore, run: RunSummary): Promise<FlowDocument> {
  const flow = await store.getFlowVersion(run.flowHash);
  if (flow === undefined) {
    throw new InputError(`flow version ${run.flowHash.slice(0, 12)} of run ${run.id} is not in the run history; continue it with --flow-version current`);
  }
  return flow;
}

async function currentFlow(registry: NodeRegistry, run: RunSummary): Promise<FlowDocument> {
  if (run.flowPath === null) {
    throw new InputError(`run ${run.id} did not start from a flow file, so there is no current version to load; use --flow-version original`);
  }
  let loaded;
  try {
    loaded = await loadFlowFile(run.flowPath, registry);
  } catch (error) {
    throw new InputError(`flow file ${run.flowPath} of run ${run.id} cannot be read: ${(error as Error).message}`, { file: run.flowPath }, { cause: error });
  }
  if (loaded.flow === undefined || hasErrors(loaded.problems)) {
    const problems = loaded.problems.filter((problem) => problem.severity === 'error').map((problem) => formatProblem(problem, run.flowPath ?? undefined));
    throw new InputError(`flow file ${run.flowPath} of run ${run.id} no longer loads: ${problems.join('; ')}`, { file: run.flowPath });
  }
  if (loaded.flow.id !== run.flowId) {
    throw new InputError(`flow file ${run.flowPath} now holds flow '${loaded.flow.id}', not '${run.flowId}' of run ${run.id}`, { file: run.flowPath });
  }
  return loaded.flow;
}

/**
 * The parent's parameter values, as overrides: they are already resolved (paths absolute), so
 * they pass through unchanged. Parameters the flow version no longer declares are left out.
 */
function parentParameters(run: RunSummary, flow: FlowDocument): Record<string, ParameterOverride> {
  const declared = flow.parameters ?? {};
  const params: Record<string, ParameterOverride> = {};
  for (const [name, value] of Object.entries(run.params)) {
    if (name in declared && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      params[name] = value;
    }
  }
  return params;
}
