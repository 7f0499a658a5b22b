/**
 * Source previews for the designer: a source node runs outside any run, with the parameter values
 * and secrets a run would give it, and its first records come back. The code that runs a node
 * kind standalone lives with the readers (nodes/file-preview); the composition root passes it in
 * as a {@link SourceNodePreviewer}, so the host depends on no node kind.
 */
import { InputError } from '../errors.js';
import { checkFlow, formatProblem, upgradeConfig } from '../flow/load-flow.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { resolveParameters, withParameterValues } from '../flow/parameters.js';
import { replaceReferences } from '../flow/references.js';
import { createEnvironmentSecretResolver, type SecretResolver } from '../runtime/secrets.js';
import { nodeTakesInput, type NodeKind } from '../sdk/node-kind.js';
import type { ApiRequest, ApiResponse } from '../api/index.js';
import type { SourcePreviewInfo } from '../api/source-preview.api.js';
import type { FlowWorkspace } from './flow-workspace.js';
import { requireKind } from './node-kind-catalog.js';

/** Records and errors shown when the request sets no limit. */
const DEFAULT_LIMIT = 20;

/** Runs a source node kind with a resolved config and returns its first records and errors. */
export type SourceNodePreviewer = (
  kind: NodeKind,
  config: unknown,
  options: { baseDir: string; limit: number; params: Readonly<Record<string, unknown>> },
) => Promise<Omit<SourcePreviewInfo, 'nodeId'>>;

export interface SourcePreviewContext {
  registry: NodeRegistry;
  workspace: FlowWorkspace;
  secrets?: SecretResolver;
  previewer?: SourceNodePreviewer;
}

/** Previews source node `request.nodeId`; throws an InputError for a node that is not a source or whose settings have errors. */
export async function previewSource(context: SourcePreviewContext, request: ApiRequest<'previewSource'>): Promise<ApiResponse<'previewSource'>> {
  if (context.previewer === undefined) {
    throw new InputError('this engine host cannot preview sources; run the flow to see its records');
  }
  const { flow, nodeId } = request;
  const node = flow.nodes.find((candidate) => candidate.id === nodeId);
  if (node === undefined) {
    throw new InputError(`flow '${flow.id}' has no node '${nodeId}'`);
  }
  const kind = requireKind(context.registry, node.type);
  const config = upgradeConfig(node, kind);
  if (nodeTakesInput(kind, config)) {
    throw new InputError(`node '${nodeId}' (${kind.type}) takes its records from other nodes; preview a source node, or run the flow to see what this one sends`);
  }
  const flowDir = context.workspace.flowDir(request.path);
  const values = resolveParameters(flow, request.params ?? {}, { flowDir, overrideDir: flowDir });
  const problems = checkFlow(withParameterValues(flow, values), context.registry, { flowDir }).problems.filter((problem) => problem.nodeId === nodeId && problem.severity === 'error');
  if (problems.length > 0) {
    throw new InputError(`node '${nodeId}' cannot be previewed until its settings are fixed: ${formatProblem(problems[0] as (typeof problems)[number])}`);
  }
  const secrets = context.secrets ?? createEnvironmentSecretResolver();
  const resolved = replaceReferences(config, (reference) => (reference.kind === '$param' ? values[reference.name] : secrets.resolve(reference.name)));
  const preview = await context.previewer(kind, resolved, { baseDir: flowDir, limit: request.limit ?? DEFAULT_LIMIT, params: values });
  return { nodeId, ...preview };
}
