/**
 * The engine host: the one implementation of {@link FlowmasonApi}, on top of the flow loader,
 * the runtime and the run store. Web mode serves it over HTTP and WebSocket, the desktop app over
 * Electron IPC; neither adds behaviour of its own.
 */
import { InputError } from '../errors.js';
import { checkFlow, formatProblem, hasErrors } from '../flow/load-flow.js';
import { resolveParameters, withParameterValues } from '../flow/parameters.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { createLogger, type Logger } from '../logger.js';
import type { SecretResolver } from '../runtime/secrets.js';
import { isTerminalRunStatus } from '../statuses.js';
import type { RunStore } from '../store/run-store.js';
import type { ApiRequest, ApiResponse, FlowmasonApi } from '../api/index.js';
import type { RunEventHandler, Unsubscribe } from '../api/run-events.api.js';
import { FlowWorkspace } from './flow-workspace.js';
import { describeNodeKind, portsFor, requireKind } from './node-kind-catalog.js';
import { listParameterFiles, readParameterFile } from './parameter-files.js';
import { RunManager } from './run-manager.js';
import { RunOperations } from './run-operations.js';
import { previewSource, type SourceNodePreviewer, type SourcePreviewContext } from './source-preview.js';

/** Samples returned per port at most; the runtime keeps a bounded sample anyway. */
const MAX_SAMPLE_RECORDS = 200;

export interface EngineHostOptions {
  /** Folder of flow files that relative request paths resolve against. */
  workspace: string;
  registry: NodeRegistry;
  store: RunStore;
  logger?: Logger;
  secrets?: SecretResolver;
  /** Runs a source node standalone for previews: `previewSourceNode` of nodes/file-preview. Without it, previews are rejected. */
  sourcePreviewer?: SourceNodePreviewer;
  /** Allows absolute paths outside the workspace: the desktop app, where the user picks files with the system dialog. */
  allowPathsOutsideWorkspace?: boolean;
  batchSize?: number;
}

export class EngineHost implements FlowmasonApi {
  readonly workspace: FlowWorkspace;
  private readonly registry: NodeRegistry;
  private readonly store: RunStore;
  private readonly runs: RunManager;
  private readonly operations: RunOperations;
  private readonly previews: SourcePreviewContext;

  constructor(options: EngineHostOptions) {
    this.registry = options.registry;
    this.store = options.store;
    this.workspace = new FlowWorkspace(options.workspace, options.registry, options.allowPathsOutsideWorkspace === true);
    const logger = options.logger ?? createLogger();
    this.runs = new RunManager({
      registry: options.registry,
      store: options.store,
      logger,
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
    this.previews = {
      registry: options.registry,
      workspace: this.workspace,
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
      ...(options.sourcePreviewer === undefined ? {} : { previewer: options.sourcePreviewer }),
    };
    this.operations = new RunOperations({ store: options.store, registry: options.registry, logger, runs: this.runs, workingDir: this.workspace.root });
  }

  onRunEvent(handler: RunEventHandler): Unsubscribe {
    return this.runs.onRunEvent(handler);
  }

  async listNodeKinds(_request: ApiRequest<'listNodeKinds'>): Promise<ApiResponse<'listNodeKinds'>> {
    return { kinds: this.registry.list().map(describeNodeKind) };
  }

  async getNodeOutputs(request: ApiRequest<'getNodeOutputs'>): Promise<ApiResponse<'getNodeOutputs'>> {
    return { ports: portsFor(requireKind(this.registry, request.type), request.config) };
  }

  async listFlows(_request: ApiRequest<'listFlows'>): Promise<ApiResponse<'listFlows'>> {
    return { workspace: this.workspace.root, flows: await this.workspace.list() };
  }

  async openFlow(request: ApiRequest<'openFlow'>): Promise<ApiResponse<'openFlow'>> {
    return this.workspace.open(request.path);
  }

  async saveFlow(request: ApiRequest<'saveFlow'>): Promise<ApiResponse<'saveFlow'>> {
    return this.workspace.save(request.path, request.flow, request.createOnly === true);
  }

  async validateFlow(request: ApiRequest<'validateFlow'>): Promise<ApiResponse<'validateFlow'>> {
    const result = checkFlow(request.flow, this.registry, { flowDir: this.workspace.flowDir(request.path) });
    const outputs: Record<string, string[]> = {};
    for (const node of result.flow?.nodes ?? []) {
      const kind = this.registry.get(node.type);
      if (kind !== undefined) {
        outputs[node.id] = portsFor(kind, node.config);
      }
    }
    return { valid: !hasErrors(result.problems), problems: result.problems, outputs };
  }

  async startRun(request: ApiRequest<'startRun'>): Promise<ApiResponse<'startRun'>> {
    const flowDir = this.workspace.flowDir(request.path);
    // The configs are checked with the values this run gets, so a value a node rejects stops the run before it exists.
    const values = resolveParameters(request.flow, request.params ?? {}, { flowDir, overrideDir: flowDir });
    const { problems } = checkFlow(withParameterValues(request.flow, values), this.registry, { flowDir });
    const errors = problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      const first = formatProblem(errors[0] as (typeof errors)[number]);
      throw new InputError(`flow '${request.flow.id}' has ${errors.length} error${errors.length === 1 ? '' : 's'} and cannot run; the first: ${first}`);
    }
    const runId = await this.runs.start({
      flow: request.flow,
      flowDir,
      flowPath: request.path === undefined ? null : this.workspace.resolve(request.path),
      params: request.params ?? {},
    });
    return { runId };
  }

  async cancelRun(request: ApiRequest<'cancelRun'>): Promise<ApiResponse<'cancelRun'>> {
    return { cancelled: this.runs.cancel(request.runId) };
  }

  async listActiveRuns(request: ApiRequest<'listActiveRuns'>): Promise<ApiResponse<'listActiveRuns'>> {
    const flowPath = request.path === undefined ? undefined : this.workspace.resolve(request.path);
    const runs: ApiResponse<'listActiveRuns'>['runs'] = [];
    for (const runId of this.runs.activeRunIds()) {
      const run = await this.store.getRun(runId);
      // A run can finish between reading the ids and reading it from the store.
      if (run !== undefined && !isTerminalRunStatus(run.status) && (flowPath === undefined || run.flowPath === flowPath)) {
        runs.push(run);
      }
    }
    return { runs };
  }

  async listRuns(request: ApiRequest<'listRuns'>): Promise<ApiResponse<'listRuns'>> {
    return { runs: await this.store.listRuns({ ...(request.flowId === undefined ? {} : { flowId: request.flowId }), limit: request.limit ?? 100 }) };
  }

  async getRun(request: ApiRequest<'getRun'>): Promise<ApiResponse<'getRun'>> {
    const run = await this.store.getRun(request.runId);
    if (run === undefined) {
      throw new InputError(`run ${request.runId} not found`);
    }
    const flow = await this.store.getFlowVersion(run.flowHash);
    const nodes = (flow?.nodes ?? []).map((node) => ({ id: node.id, name: node.name, type: node.type }));
    return { run, steps: await this.store.getSteps(request.runId), nodes };
  }

  async getStepSamples(request: ApiRequest<'getStepSamples'>): Promise<ApiResponse<'getStepSamples'>> {
    const steps = await this.store.getSteps(request.runId);
    const step = steps.find((candidate) => candidate.nodeId === request.nodeId);
    if (step === undefined) {
      throw new InputError(`run ${request.runId} has no step for node '${request.nodeId}'`);
    }
    const samples: ApiResponse<'getStepSamples'>['samples'] = {};
    for (const [port, count] of Object.entries(step.outputs)) {
      if (count > 0) {
        const records = await this.store.getSample(request.runId, request.nodeId, port);
        samples[port] = records.slice(0, MAX_SAMPLE_RECORDS);
      }
    }
    return { samples };
  }

  async listDeadLetters(request: ApiRequest<'listDeadLetters'>): Promise<ApiResponse<'listDeadLetters'>> {
    return { deadLetters: await this.store.listDeadLetters({ ...request, limit: request.limit ?? 500 }) };
  }

  async listParameterFiles(request: ApiRequest<'listParameterFiles'>): Promise<ApiResponse<'listParameterFiles'>> {
    return { files: await listParameterFiles(this.workspace, request.flowPath) };
  }

  async readParameterFile(request: ApiRequest<'readParameterFile'>): Promise<ApiResponse<'readParameterFile'>> {
    return readParameterFile(this.workspace, request.path, request.flow);
  }

  async replayDeadLetters(request: ApiRequest<'replayDeadLetters'>): Promise<ApiResponse<'replayDeadLetters'>> {
    return this.operations.replayDeadLetters(request);
  }

  async rerunRun(request: ApiRequest<'rerunRun'>): Promise<ApiResponse<'rerunRun'>> {
    return this.operations.rerunRun(request);
  }

  async listApprovals(request: ApiRequest<'listApprovals'>): Promise<ApiResponse<'listApprovals'>> {
    return this.operations.listApprovals(request);
  }

  async decideApprovals(request: ApiRequest<'decideApprovals'>): Promise<ApiResponse<'decideApprovals'>> {
    return this.operations.decideApprovals(request);
  }

  async previewSource(request: ApiRequest<'previewSource'>): Promise<ApiResponse<'previewSource'>> {
    return previewSource(this.previews, request);
  }

  /** Cancels the runs still going and waits for them to record their end. The store stays open: its owner closes it. */
  async close(): Promise<void> {
    await this.runs.cancelAll();
  }
}
