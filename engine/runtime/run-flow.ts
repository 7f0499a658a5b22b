/**
 * Runs a flow: compiles the graph into node instances joined by bounded channels, streams record
 * batches from the entry points to the sinks, and keeps the run, its steps, samples and dead
 * letters in the run store.
 *
 * A run starts either at the flow's sources (a trigger run or a rerun) or, as a continuation, by
 * feeding given records into given nodes (replay, approval decisions). Only the nodes reachable
 * from the entry points take part; the rest are recorded as SKIPPED.
 */
import { createHash } from 'node:crypto';
import { errorMessage, InputError, NodeError } from '../errors.js';
import { createExpressionCompiler } from '../expressions/expression-compiler.js';
import { createAjv } from '../json-schema.js';
import { describeSchemaError, outputPorts, upgradeConfig } from '../flow/load-flow.js';
import type { FlowDocument, FlowNode } from '../flow/flow-schema.js';
import { reachingNodes } from '../flow/graph.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { resolveParameters, type ParameterOverride } from '../flow/parameters.js';
import { replaceReferences } from '../flow/references.js';
import { serializeFlow } from '../flow/write-flow.js';
import { silentLogger, type Logger } from '../logger.js';
import type { FlowRecord } from '../records.js';
import { INPUT_PORT, nodeTakesInput, type NodeContext, type NodeInstance, type NodeKind, type TriggerInput } from '../sdk/node-kind.js';
import type { RunReason, RunStatus, StepStatus } from '../statuses.js';
import type { DeadLetterReach } from '../store/ledger-store.js';
import type { DeadLetterEdit, RunStore, StepSummary } from '../store/run-store.js';
import { BatchChannel, ChannelAbortedError } from './batch-channel.js';
import { createNodeContext } from './node-context.js';
import { NodeOutput } from './node-output.js';
import { validateRetryPolicy } from './retry-policy.js';
import type { RunEventListener } from './run-events.js';
import { createEnvironmentSecretResolver, type SecretResolver } from './secrets.js';
import { StepTracker } from './step-tracker.js';
import { nodesInFlowOrder } from '../flow/flow-order.js';

/** Records per batch unless the caller sets another size. */
export const DEFAULT_BATCH_SIZE = 1000;
/** Records kept per step and port for previews. */
export const DEFAULT_SAMPLE_SIZE = 20;
/** Batches a channel holds before its producers wait. */
const CHANNEL_CAPACITY = 4;
/** How often progress is sent to listeners and steps are saved, in milliseconds. */
const PROGRESS_INTERVAL_MS = 250;
const STEP_SAVE_INTERVAL_MS = 2_000;

export interface ContinuationEntry {
  nodeId: string;
  records: Iterable<FlowRecord> | AsyncIterable<FlowRecord>;
}

export interface Continuation {
  reason: Exclude<RunReason, 'trigger'>;
  parentRunId: number;
  /** Records to feed into nodes. Without entries the run starts at the sources, as a rerun does. */
  entries?: readonly ContinuationEntry[];
  /**
   * Dead letters this run replays. They are marked as taken by the run when it starts, closed as
   * replayed when it ends, and released for another replay when it fails or is cancelled.
   */
  deadLetterIds?: readonly number[];
  /** Changes an operator made to replayed dead letters' data, recorded with the run. */
  deadLetterEdits?: readonly Omit<DeadLetterEdit, 'runId'>[];
  /**
   * Decided approvals whose records this run continues. They are marked with the run when it
   * starts; when it ends, the parent run leaves WAITING if nothing else of it is undecided.
   */
  approvalIds?: readonly number[];
}

export interface RunFlowOptions {
  flow: FlowDocument;
  registry: NodeRegistry;
  store: RunStore;
  /** Folder that relative paths in the flow are resolved against: the flow file's folder. */
  flowDir: string;
  /** Absolute path of the flow file, kept with the run. */
  flowPath?: string | null;
  /** Parameter overrides as given by the user. Relative `path` values resolve against {@link overrideDir}. */
  params?: Readonly<Record<string, ParameterOverride>>;
  overrideDir?: string;
  secrets?: SecretResolver;
  signal?: AbortSignal;
  onEvent?: RunEventListener;
  logger?: Logger;
  batchSize?: number;
  sampleSize?: number;
  continuation?: Continuation;
}

export interface RunResult {
  runId: number;
  status: RunStatus;
  error: string | null;
  steps: StepSummary[];
  /** Records the run sent to the dead letters. */
  deadLetters: number;
}

/** Content hash of a flow version: SHA-256 of its canonical file text. */
export function flowHash(flow: FlowDocument): string {
  return createHash('sha256').update(serializeFlow(flow)).digest('hex');
}

/** Why the run stopped early, set by the first node that fails or by cancellation. */
interface StopReason {
  status: 'FAILED' | 'CANCELLED';
  error: string;
}

interface ActiveNode {
  node: FlowNode;
  kind: NodeKind;
  step: StepTracker;
  /** Input channel; absent for sources. */
  input?: BatchChannel;
  instance?: NodeInstance;
  output?: NodeOutput;
  /** Channels fed by this node's outgoing edges, closed when the node is done. */
  downstream: BatchChannel[];
}

/** Runs a flow to its end and returns the outcome. Input errors in the flow or its config fail the run, not the call. */
export async function runFlow(options: RunFlowOptions): Promise<RunResult> {
  const logger = options.logger ?? silentLogger;
  const hash = flowHash(options.flow);
  await options.store.saveFlowVersion(hash, options.flow);

  let params: Record<string, unknown> = {};
  let paramsError: unknown;
  try {
    params = resolveParameters(options.flow, options.params ?? {}, {
      flowDir: options.flowDir,
      overrideDir: options.overrideDir ?? process.cwd(),
    });
  } catch (error) {
    paramsError = error;
  }

  const run = await options.store.createRun({
    flowId: options.flow.id,
    flowName: options.flow.name,
    flowHash: hash,
    flowPath: options.flowPath ?? null,
    reason: options.continuation?.reason ?? 'trigger',
    parentRunId: options.continuation?.parentRunId ?? null,
    params,
  });
  logger.info({ runId: run.id, flowId: options.flow.id }, 'run started');
  options.onEvent?.({ type: 'run.started', runId: run.id, flowId: options.flow.id });

  const continuation = options.continuation;
  if (continuation?.deadLetterIds !== undefined) {
    await options.store.claimDeadLetters(continuation.deadLetterIds, run.id);
  }
  if (continuation?.deadLetterEdits !== undefined) {
    await options.store.recordDeadLetterEdits(continuation.deadLetterEdits.map((edit) => ({ ...edit, runId: run.id })));
  }
  if (continuation?.approvalIds !== undefined) {
    await options.store.claimApprovals(continuation.approvalIds, run.id);
  }

  const execution = new RunExecution(options, run.id, hash, run.startedAt, params, logger);
  const outcome = paramsError === undefined ? await execution.execute() : await execution.failBeforeStart(paramsError);

  await options.store.updateRun(run.id, { status: outcome.status, finishedAt: new Date().toISOString(), error: outcome.error });
  await settleContinuation(options.store, run.id, outcome.status, continuation);
  logger.info({ runId: run.id, status: outcome.status }, 'run finished');
  options.onEvent?.({ type: 'run.finished', runId: run.id, status: outcome.status, error: outcome.error });
  return { runId: run.id, status: outcome.status, error: outcome.error, steps: outcome.steps, deadLetters: outcome.deadLetters };
}

/** Settles what a continuation took on when it started, now that its outcome is known. */
async function settleContinuation(store: RunStore, runId: number, status: RunStatus, continuation: Continuation | undefined): Promise<void> {
  if (continuation === undefined) {
    return;
  }
  const ended = status === 'COMPLETED' || status === 'COMPLETED_WITH_ERRORS' || status === 'WAITING';
  if (continuation.deadLetterIds !== undefined) {
    await store.settleClaimedDeadLetters(runId, ended ? 'replayed' : 'released');
  }
  if (continuation.approvalIds !== undefined) {
    await store.settleWaitingRun(continuation.parentRunId);
  }
}

/** One run's graph and its state while it executes. */
class RunExecution {
  private readonly active = new Map<string, ActiveNode>();
  private readonly trackers: StepTracker[] = [];
  private readonly controller = new AbortController();
  private readonly triggerInputs: TriggerInput[] = [];
  private readonly background: Promise<unknown>[] = [];
  private stopReason: StopReason | undefined;
  private deadLetterCount = 0;
  private readonly reaching: Map<string, string[]>;

  constructor(
    private readonly options: RunFlowOptions,
    private readonly runId: number,
    private readonly flowHash: string,
    private readonly startedAt: string,
    private readonly params: Record<string, unknown>,
    private readonly logger: Logger,
  ) {
    this.reaching = reachingNodes(options.flow);
  }

  async failBeforeStart(error: unknown): Promise<Omit<RunResult, 'runId'>> {
    return { status: 'FAILED', error: errorMessage(error), steps: [], deadLetters: 0 };
  }

  async execute(): Promise<Omit<RunResult, 'runId'>> {
    const stopOnCancel = (): void => this.stop({ status: 'CANCELLED', error: 'the run was cancelled' });
    if (this.options.signal?.aborted === true) {
      stopOnCancel();
    }
    this.options.signal?.addEventListener('abort', stopOnCancel, { once: true });
    const timer = this.startProgressTimer();
    try {
      if (this.stopReason === undefined) {
        this.plan();
        await this.createInstances();
      }
      if (this.stopReason === undefined) {
        await Promise.all([...this.active.values()].map((active) => this.runNode(active)));
      }
    } catch (error) {
      this.stop({ status: 'FAILED', error: errorMessage(error) });
    } finally {
      clearInterval(timer.progress);
      clearInterval(timer.save);
      this.options.signal?.removeEventListener('abort', stopOnCancel);
    }
    await this.abortUnfinished();
    await Promise.allSettled(this.background);
    this.emitProgress(true);
    const steps = this.trackers.map((tracker) => tracker.summary());
    await this.options.store.saveSteps(steps);
    await this.saveSamples();

    if (this.stopReason !== undefined) {
      return { status: this.stopReason.status, error: this.stopReason.error, steps, deadLetters: this.deadLetterCount };
    }
    if (this.trackers.some((tracker) => tracker.held > 0)) {
      return { status: 'WAITING', error: null, steps, deadLetters: this.deadLetterCount };
    }
    return { status: this.deadLetterCount > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED', error: null, steps, deadLetters: this.deadLetterCount };
  }

  /** Decides which nodes take part and builds their channels. */
  private plan(): void {
    const { flow, registry } = this.options;
    const entries = this.options.continuation?.entries;
    const nodesById = new Map(flow.nodes.map((node) => [node.id, node]));
    const activeIds = new Set<string>();
    const queue: string[] = [];
    if (entries === undefined) {
      for (const node of flow.nodes) {
        const kind = registry.get(node.type);
        if (kind !== undefined && !nodeTakesInput(kind, upgradeConfig(node, kind))) {
          queue.push(node.id);
        }
      }
    } else {
      for (const entry of entries) {
        if (!nodesById.has(entry.nodeId)) {
          throw new InputError(`cannot continue at node '${entry.nodeId}': flow '${flow.id}' has no such node`);
        }
        queue.push(entry.nodeId);
      }
    }
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (activeIds.has(id)) {
        continue;
      }
      activeIds.add(id);
      for (const edge of flow.edges) {
        if (edge.from.node === id) {
          queue.push(edge.to.node);
        }
      }
    }

    for (const node of nodesInFlowOrder(flow)) {
      const kind = registry.get(node.type);
      if (kind === undefined) {
        throw new InputError(`node '${node.id}' has unknown type '${node.type}'`);
      }
      const step = new StepTracker(this.runId, node.id, node.type, this.options.sampleSize ?? DEFAULT_SAMPLE_SIZE, outputPorts(node, kind));
      this.trackers.push(step);
      if (!activeIds.has(node.id)) {
        step.status = 'SKIPPED';
        continue;
      }
      const entryCount = entries?.filter((entry) => entry.nodeId === node.id).length ?? 0;
      const producerCount = flow.edges.filter((edge) => edge.to.node === node.id && activeIds.has(edge.from.node)).length + entryCount;
      const takesInput = nodeTakesInput(kind, upgradeConfig(node, kind));
      if (takesInput && entries !== undefined && entryCount === 0 && producerCount === 0) {
        step.status = 'SKIPPED';
        continue;
      }
      this.active.set(node.id, {
        node,
        kind,
        step,
        ...(takesInput ? { input: new BatchChannel(CHANNEL_CAPACITY, producerCount) } : {}),
        downstream: [],
      });
    }
  }

  /** Resolves each active node's config and creates its instance and output. */
  private async createInstances(): Promise<void> {
    const ajv = createAjv();
    const secrets = this.options.secrets ?? createEnvironmentSecretResolver();
    const expressions = createExpressionCompiler({ params: this.params });
    for (const active of this.active.values()) {
      const { node, kind } = active;
      const config = replaceReferences(upgradeConfig(node, kind), (reference, path) => {
        if (reference.kind === '$secret') {
          return secrets.resolve(reference.name);
        }
        if (!(reference.name in this.params)) {
          throw new InputError(`node '${node.id}' field 'config.${path}' refers to parameter '${reference.name}', which the flow does not declare`);
        }
        return this.params[reference.name];
      });
      const validate = ajv.compile(kind.configSchema);
      if (!validate(config)) {
        const details = (validate.errors ?? []).map((error) => {
          const described = describeSchemaError(error, 'config');
          return `field '${described.field}' ${described.message}`;
        });
        throw new InputError(`node '${node.id}' (${kind.type}) has invalid config: ${details.join('; ')}`);
      }
      const targets = new Map<string, BatchChannel[]>();
      for (const edge of this.options.flow.edges) {
        if (edge.from.node !== node.id || edge.to.port !== INPUT_PORT) {
          continue;
        }
        const channel = this.active.get(edge.to.node)?.input;
        if (channel !== undefined) {
          targets.set(edge.from.port, [...(targets.get(edge.from.port) ?? []), channel]);
          active.downstream.push(channel);
        }
      }
      active.output = new NodeOutput({
        nodeId: node.id,
        flowId: this.options.flow.id,
        runId: this.runId,
        ports: outputPorts(node, kind),
        targets,
        step: active.step,
        addDeadLetters: async (entries) => {
          this.deadLetterCount += entries.length;
          await this.options.store.addDeadLetters(entries, this.reachOf(node.id));
        },
        ...(node.onError === 'fail-run'
          ? { onFirstFailure: (error: unknown) => this.stop({ status: 'FAILED', error: new NodeError(node.id, null, null, error).message }) }
          : {}),
      });
      try {
        active.instance = await kind.create(config, this.contextFor(node, active.step, expressions));
      } catch (error) {
        throw new NodeError(node.id, null, null, error);
      }
    }
  }

  private contextFor(node: FlowNode, step: StepTracker, expressions: NodeContext['expressions']): NodeContext {
    const { store } = this.options;
    return createNodeContext({
      runId: this.runId,
      flowId: this.options.flow.id,
      flowHash: this.flowHash,
      nodeId: node.id,
      params: this.params,
      batchSize: this.options.batchSize ?? DEFAULT_BATCH_SIZE,
      signal: this.controller.signal,
      logger: this.logger,
      expressions,
      store,
      flowDir: this.options.flowDir,
      runStartedAt: this.startedAt,
      partialRun: this.options.continuation?.entries !== undefined,
      retryPolicy: validateRetryPolicy(node.retry),
      step,
      reach: this.reachOf(node.id),
      onTriggerInput: (input) => {
        this.triggerInputs.push({ nodeId: node.id, ...input });
        this.background.push(store.updateRun(this.runId, { trigger: [...this.triggerInputs] }));
      },
    });
  }

  private reachOf(nodeId: string): DeadLetterReach {
    return { flowId: this.options.flow.id, runId: this.runId, nodeIds: this.reaching.get(nodeId) ?? [nodeId] };
  }

  /** Runs one node until its input ends, then closes the channels it feeds. */
  private async runNode(active: ActiveNode): Promise<void> {
    const { instance, output, step } = active;
    if (instance === undefined || output === undefined) {
      return;
    }
    const feeders = (this.options.continuation?.entries ?? [])
      .filter((entry) => entry.nodeId === active.node.id)
      .map((entry) => this.feed(active, entry));
    let status: StepStatus = 'COMPLETED';
    // A node that another node's failure stopped before any record reached it took no part: SKIPPED.
    const stoppedStatus = (): StepStatus => {
      if (this.stopReason?.status === 'CANCELLED') {
        return 'CANCELLED';
      }
      return active.input !== undefined && step.recordsIn === 0 ? 'SKIPPED' : 'FAILED';
    };
    try {
      step.start();
      if (active.input === undefined) {
        await instance.run?.(output);
        await output.flush();
      } else {
        for await (const batch of active.input) {
          step.countIn(batch.length);
          await instance.process?.(batch, output);
          await output.flush();
          if (this.stopReason !== undefined) {
            break;
          }
        }
      }
      await Promise.all(feeders);
      if (this.stopReason === undefined) {
        await instance.finish?.(output);
        await output.flush();
      }
      if (this.stopReason !== undefined) {
        status = stoppedStatus();
      } else {
        status = step.held > 0 ? 'WAITING' : 'COMPLETED';
      }
    } catch (error) {
      if (error instanceof ChannelAbortedError || this.controller.signal.aborted) {
        status = stoppedStatus();
      } else {
        status = 'FAILED';
        const failure = new NodeError(active.node.id, null, null, error);
        if (error instanceof InputError) {
          // Bad input or config: the message names what to fix, and a stack trace would only bury it.
          this.logger.warn({ runId: this.runId, nodeId: active.node.id, error: error.message }, 'node failed');
        } else {
          this.logger.error({ runId: this.runId, nodeId: active.node.id, err: error }, 'node failed');
        }
        this.stop({ status: 'FAILED', error: failure.message });
      }
    } finally {
      step.finish(status);
      if (status === 'COMPLETED' || status === 'WAITING') {
        active.instance = undefined;
      }
      for (const channel of active.downstream) {
        channel.producerDone();
      }
    }
  }

  /** Feeds continuation records into a node's input channel in batches. */
  private async feed(active: ActiveNode, entry: ContinuationEntry): Promise<void> {
    const channel = active.input;
    if (channel === undefined) {
      throw new InputError(`cannot continue at node '${active.node.id}': it is a source and takes no input`);
    }
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH_SIZE;
    let batch: FlowRecord[] = [];
    try {
      for await (const record of entry.records) {
        batch.push(record);
        if (batch.length >= batchSize) {
          await channel.push(batch);
          batch = [];
        }
      }
      if (batch.length > 0) {
        await channel.push(batch);
      }
    } finally {
      channel.producerDone();
    }
  }

  /** Stops the run: the first reason wins, every channel wakes and throws. */
  private stop(reason: StopReason): void {
    if (this.stopReason !== undefined) {
      return;
    }
    this.stopReason = reason;
    this.controller.abort();
    for (const active of this.active.values()) {
      active.input?.abort();
    }
  }

  /** Lets every node that did not complete discard its partial work (temporary files). */
  private async abortUnfinished(): Promise<void> {
    for (const active of this.active.values()) {
      if (active.instance?.abort !== undefined) {
        try {
          await active.instance.abort();
        } catch (error) {
          this.logger.error({ runId: this.runId, nodeId: active.node.id, err: error }, 'node abort failed');
        }
      }
    }
  }

  private startProgressTimer(): { progress: NodeJS.Timeout; save: NodeJS.Timeout } {
    const progress = setInterval(() => this.emitProgress(false), PROGRESS_INTERVAL_MS);
    const save = setInterval(() => {
      this.background.push(this.options.store.saveSteps(this.trackers.map((tracker) => tracker.summary())));
    }, STEP_SAVE_INTERVAL_MS);
    progress.unref();
    save.unref();
    return { progress, save };
  }

  private emitProgress(all: boolean): void {
    if (this.options.onEvent === undefined) {
      return;
    }
    const changed = this.trackers.filter((tracker) => all || tracker.changed);
    if (changed.length === 0) {
      return;
    }
    for (const tracker of changed) {
      tracker.changed = false;
    }
    this.options.onEvent({ type: 'steps.updated', runId: this.runId, steps: changed.map((tracker) => tracker.summary()) });
  }

  private async saveSamples(): Promise<void> {
    for (const tracker of this.trackers) {
      for (const [port, records] of tracker.samples) {
        if (records.length > 0) {
          await this.options.store.saveSample(this.runId, tracker.nodeId, port, records);
        }
      }
    }
  }
}
