/**
 * Loading and checking flow files. Every problem is collected, so a person fixes a file in one
 * pass instead of one error at a time. Problems name the node id and the field.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { errorMessage, InputError } from '../errors.js';
import type { TSchema } from '@sinclair/typebox';
import { ERROR_PORT, INPUT_PORT, nodeTakesInput, type CheckContext, type NodeKind } from '../sdk/node-kind.js';
import { createAjv } from '../json-schema.js';
import { createExpressionCompiler } from '../expressions/expression-compiler.js';
import { retryPolicyProblems } from '../runtime/retry-policy.js';
import { CURRENT_FORMAT_VERSION, FlowFileSchema, type FlowDocument, type FlowNode } from './flow-schema.js';
import type { NodeRegistry } from './node-registry.js';
import { replaceReferences } from './references.js';

export interface FlowProblem {
  severity: 'error' | 'warning';
  /** The node the problem is on, when it is on one. */
  nodeId?: string;
  /** Dotted path of the field, relative to the node when `nodeId` is set, else to the file. */
  field?: string;
  /** Index of the edge in `edges`, for problems on an edge. */
  edgeIndex?: number;
  message: string;
}

export interface LoadResult {
  /** The flow, upgraded to the current format; absent when the file could not be read as a flow at all. */
  flow?: FlowDocument;
  problems: FlowProblem[];
}

const ajv = createAjv();
const validateFlowShape = ajv.compile<FlowDocument>(FlowFileSchema);
const configValidators = new WeakMap<TSchema, ReturnType<typeof ajv.compile>>();

/** Reads and checks a flow file. A file that cannot be read throws; everything else becomes a problem. */
export async function loadFlowFile(path: string, registry: NodeRegistry): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder, not a file' : errorMessage(error);
    throw new InputError(`flow file ${path} ${code === 'ENOENT' || code === 'EISDIR' ? reason : `cannot be read: ${reason}`}`);
  }
  return parseFlow(text, registry, { flowDir: dirname(resolve(path)) });
}

/** Parses flow JSON text and checks it. */
export function parseFlow(text: string, registry: NodeRegistry, options: { flowDir: string }): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { problems: [{ severity: 'error', message: describeJsonSyntaxError(text, error) }] };
  }
  return checkFlow(raw, registry, options);
}

/** Checks a flow already parsed from JSON: its shape, node kinds, configs, edges and graph. */
export function checkFlow(raw: unknown, registry: NodeRegistry, options: { flowDir: string }): LoadResult {
  const migrated = migrateFlow(raw);
  if ('problem' in migrated) {
    return { problems: [migrated.problem] };
  }
  const document = migrated.flow as Record<string, unknown>;
  if (!validateFlowShape(document)) {
    return { problems: shapeProblems(document, validateFlowShape.errors ?? []) };
  }
  const flow = document;
  const problems: FlowProblem[] = [];
  const kinds = checkNodes(flow, registry, options, problems);
  checkEdges(flow, kinds, problems);
  checkGraph(flow, kinds, problems);
  return { flow, problems };
}

/** Upgrades older formats. Version 1 is the first; this is where later versions add their steps. */
function migrateFlow(raw: unknown): { flow: unknown } | { problem: FlowProblem } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problem: { severity: 'error', message: 'a flow file must contain a JSON object' } };
  }
  const version = (raw as Record<string, unknown>).formatVersion;
  if (version === CURRENT_FORMAT_VERSION) {
    return { flow: raw };
  }
  if (typeof version === 'number' && version > CURRENT_FORMAT_VERSION) {
    return {
      problem: {
        severity: 'error',
        field: 'formatVersion',
        message: `formatVersion ${version} was written by a newer Flowmason; this one reads up to ${CURRENT_FORMAT_VERSION}`,
      },
    };
  }
  return {
    problem: {
      severity: 'error',
      field: 'formatVersion',
      message:
        version === undefined
          ? `is missing; a flow file starts with "formatVersion": ${CURRENT_FORMAT_VERSION}`
          : `formatVersion must be ${CURRENT_FORMAT_VERSION}; got ${JSON.stringify(version)}`,
    },
  };
}

function checkNodes(flow: FlowDocument, registry: NodeRegistry, options: { flowDir: string }, problems: FlowProblem[]): Map<string, NodeKind> {
  const kinds = new Map<string, NodeKind>();
  const seen = new Set<string>();
  const checkContext: CheckContext = {
    resolvePath: (path) => resolve(options.flowDir, path),
    expressions: createExpressionCompiler({ params: {} }),
  };
  for (const node of flow.nodes) {
    if (seen.has(node.id)) {
      problems.push({ severity: 'error', nodeId: node.id, field: 'id', message: `node id '${node.id}' is used by more than one node` });
      continue;
    }
    seen.add(node.id);
    for (const problem of node.retry === undefined ? [] : retryPolicyProblems(node.retry)) {
      problems.push({ severity: 'error', nodeId: node.id, field: 'retry', message: problem.message });
    }
    const kind = registry.get(node.type);
    if (kind === undefined) {
      const known = registry.list().map((k) => k.type).sort();
      problems.push({ severity: 'error', nodeId: node.id, field: 'type', message: `unknown node type '${node.type}'; known types: ${known.join(', ')}` });
      continue;
    }
    if (node.typeVersion > kind.version) {
      problems.push({
        severity: 'error',
        nodeId: node.id,
        field: 'typeVersion',
        message: `${kind.type} version ${node.typeVersion} was written by a newer Flowmason; this one has version ${kind.version}`,
      });
      continue;
    }
    kinds.set(node.id, kind);
    const config = upgradeConfig(node, kind);
    const badReferences = new Set<string>();
    const placeholderConfig = replaceReferences(config, (reference, path) => {
      if (reference.kind === '$secret') {
        return 'secret-placeholder';
      }
      const parameter = flow.parameters?.[reference.name];
      if (parameter === undefined) {
        badReferences.add(`config.${path}`);
        problems.push({ severity: 'error', nodeId: node.id, field: `config.${path}`, message: `refers to parameter '${reference.name}', which the flow does not declare` });
        return undefined;
      }
      return parameter.default ?? placeholderFor(parameter.type);
    });
    const configProblems = [...unknownSettings(kind, placeholderConfig)];
    const validate = configValidator(kind.configSchema);
    if (!validate(placeholderConfig)) {
      for (const error of validate.errors ?? []) {
        configProblems.push(describeSchemaError(error, 'config'));
      }
    }
    const reported = configProblems.filter((problem) => !badReferences.has(problem.field));
    for (const problem of reported) {
      problems.push({ severity: 'error', nodeId: node.id, ...problem });
    }
    if (configProblems.length > 0) {
      continue;
    }
    for (const problem of kind.check?.(placeholderConfig, checkContext) ?? []) {
      problems.push({ severity: 'error', nodeId: node.id, field: problem.field === '' ? 'config' : `config.${problem.field}`, message: problem.message });
    }
  }
  return kinds;
}

/** Returns the node's config in the current version of its kind. */
export function upgradeConfig(node: FlowNode, kind: NodeKind): unknown {
  if (node.typeVersion < kind.version && kind.migrate !== undefined) {
    return kind.migrate(node.config, node.typeVersion);
  }
  return node.config;
}

function placeholderFor(type: 'string' | 'number' | 'boolean' | 'path'): unknown {
  switch (type) {
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return 'parameter-placeholder';
  }
}

/**
 * Reports top-level config keys the kind's schema does not declare, so a misspelt setting is not
 * silently ignored. Schemas that say `additionalProperties: false` get the same from ajv.
 */
function unknownSettings(kind: NodeKind, config: unknown): { field: string; message: string }[] {
  const schema = kind.configSchema as { properties?: Record<string, unknown>; additionalProperties?: unknown; patternProperties?: unknown };
  if (schema.properties === undefined || schema.additionalProperties !== undefined || schema.patternProperties !== undefined) {
    return [];
  }
  if (config === null || typeof config !== 'object') {
    return [];
  }
  const known = new Set(Object.keys(schema.properties));
  return Object.keys(config)
    .filter((key) => !known.has(key))
    .map((key) => ({ field: `config.${key}`, message: `is not a known setting of ${kind.type}` }));
}

/** Returns the output ports of a node: its kind's ports for its config, plus `error`. */
export function outputPorts(node: FlowNode, kind: NodeKind): string[] {
  let ports: string[];
  try {
    ports = kind.outputs(upgradeConfig(node, kind));
  } catch {
    ports = [];
  }
  return [...ports, ERROR_PORT];
}

function checkEdges(flow: FlowDocument, kinds: Map<string, NodeKind>, problems: FlowProblem[]): void {
  const nodes = new Map(flow.nodes.map((node) => [node.id, node]));
  const seen = new Set<string>();
  flow.edges.forEach((edge, edgeIndex) => {
    const label = `${edge.from.node}.${edge.from.port} -> ${edge.to.node}.${edge.to.port}`;
    const signature = JSON.stringify(edge);
    if (seen.has(signature)) {
      problems.push({ severity: 'error', edgeIndex, message: `edge ${label} appears twice` });
      return;
    }
    seen.add(signature);
    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    if (from === undefined) {
      problems.push({ severity: 'error', edgeIndex, field: 'from.node', message: `edge ${label} starts at node '${edge.from.node}', which does not exist` });
    }
    if (to === undefined) {
      problems.push({ severity: 'error', edgeIndex, field: 'to.node', message: `edge ${label} ends at node '${edge.to.node}', which does not exist` });
    }
    const fromKind = kinds.get(edge.from.node);
    if (from !== undefined && fromKind !== undefined) {
      const ports = outputPorts(from, fromKind);
      if (!ports.includes(edge.from.port)) {
        problems.push({
          severity: 'error',
          edgeIndex,
          nodeId: from.id,
          field: 'from.port',
          message: `edge ${label}: node '${from.id}' (${fromKind.type}) has no output port '${edge.from.port}'; its ports: ${ports.join(', ')}`,
        });
      }
    }
    const toKind = kinds.get(edge.to.node);
    if (to !== undefined && toKind !== undefined) {
      if (!nodeTakesInput(toKind, upgradeConfig(to, toKind))) {
        problems.push({ severity: 'error', edgeIndex, nodeId: to.id, field: 'to.port', message: `edge ${label}: node '${to.id}' (${toKind.type}) is a source and takes no input` });
      } else if (edge.to.port !== INPUT_PORT) {
        problems.push({ severity: 'error', edgeIndex, nodeId: to.id, field: 'to.port', message: `edge ${label}: node '${to.id}' has no input port '${edge.to.port}'; its input port is '${INPUT_PORT}'` });
      }
    }
    if (edge.from.node === edge.to.node) {
      problems.push({ severity: 'error', edgeIndex, nodeId: edge.from.node, message: `edge ${label} connects node '${edge.from.node}' to itself` });
    }
  });
}

function checkGraph(flow: FlowDocument, kinds: Map<string, NodeKind>, problems: FlowProblem[]): void {
  const takesInput = (node: FlowNode): boolean | undefined => {
    const kind = kinds.get(node.id);
    return kind === undefined ? undefined : nodeTakesInput(kind, upgradeConfig(node, kind));
  };
  const sources = flow.nodes.filter((node) => takesInput(node) === false);
  if (flow.nodes.length > 0 && sources.length === 0 && kinds.size === flow.nodes.length) {
    problems.push({ severity: 'error', message: 'the flow has no source node; add a reader such as csv.read' });
  }
  if (flow.nodes.length === 0) {
    problems.push({ severity: 'error', message: 'the flow has no nodes' });
  }
  const incoming = new Set(flow.edges.map((edge) => edge.to.node));
  for (const node of flow.nodes) {
    if (takesInput(node) === true && !incoming.has(node.id)) {
      problems.push({ severity: 'warning', nodeId: node.id, message: `node '${node.id}' has no incoming edge, so it never receives records` });
    }
  }
  const cycle = findCycle(flow);
  if (cycle !== undefined) {
    problems.push({ severity: 'error', nodeId: cycle[0], message: `the flow contains a cycle: ${cycle.join(' -> ')}; records must flow one way` });
  }
}

/** Returns the node ids of one cycle, first node repeated at the end, or undefined for an acyclic graph. */
export function findCycle(flow: FlowDocument): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const edge of flow.edges) {
    next.set(edge.from.node, [...(next.get(edge.from.node) ?? []), edge.to.node]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const target of next.get(id) ?? []) {
      if (state.get(target) === 'visiting') {
        return [...stack.slice(stack.indexOf(target)), target];
      }
      if (state.get(target) === undefined) {
        const found = visit(target);
        if (found !== undefined) {
          return found;
        }
      }
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const node of flow.nodes) {
    if (state.get(node.id) === undefined) {
      const found = visit(node.id);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

function configValidator(schema: TSchema): ReturnType<typeof ajv.compile> {
  let validate = configValidators.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    configValidators.set(schema, validate);
  }
  return validate;
}

/** Maps schema errors on the whole file to problems on the nodes and edges they concern. */
function shapeProblems(document: Record<string, unknown>, errors: ErrorObject[]): FlowProblem[] {
  const nodes = Array.isArray(document.nodes) ? (document.nodes as unknown[]) : [];
  const problems: FlowProblem[] = [];
  for (const error of dedupeAnyOf(errors)) {
    const segments = error.instancePath.split('/').slice(1);
    if (segments[0] === 'nodes' && segments[1] !== undefined) {
      const node = nodes[Number(segments[1])] as Record<string, unknown> | undefined;
      const nodeId = typeof node?.id === 'string' ? node.id : undefined;
      const described = describeSchemaError({ ...error, instancePath: `/${segments.slice(2).join('/')}` }, '');
      problems.push({
        severity: 'error',
        ...(nodeId !== undefined ? { nodeId } : {}),
        field: nodeId !== undefined ? described.field : `nodes.${segments[1]}${described.field === '' ? '' : `.${described.field}`}`,
        message: described.message,
      });
    } else if (segments[0] === 'edges' && segments[1] !== undefined) {
      const described = describeSchemaError({ ...error, instancePath: `/${segments.slice(2).join('/')}` }, '');
      problems.push({ severity: 'error', edgeIndex: Number(segments[1]), field: described.field, message: described.message });
    } else {
      problems.push({ severity: 'error', ...describeSchemaError(error, '') });
    }
  }
  return problems;
}

/** TypeBox unions become `anyOf`; report one problem for the union instead of one per branch. */
function dedupeAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const unionPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  return errors.filter((error) => error.keyword === 'anyOf' || !unionPaths.has(error.instancePath));
}

/** Turns one ajv error into a field path and a sentence. */
export function describeSchemaError(error: ErrorObject, prefix: string): { field: string; message: string } {
  const path = error.instancePath.split('/').slice(1).filter((segment) => segment !== '');
  const at = (extra?: string): string => [prefix, ...path, ...(extra === undefined ? [] : [extra])].filter((part) => part !== '').join('.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: at(String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: at(String(params.additionalProperty)), message: 'is not a known setting' };
    case 'enum':
      return { field: at(), message: `must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    case 'const':
      return { field: at(), message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'anyOf':
      return { field: at(), message: 'does not match any of the allowed forms' };
    case 'minLength':
      // An empty text where one character is the minimum is a value left out, as a new node's empty path is.
      return { field: at(), message: params.limit === 1 ? 'is empty; a value is required' : (error.message ?? 'is too short') };
    case 'minItems':
      return { field: at(), message: params.limit === 1 ? 'is empty; at least one item is required' : (error.message ?? 'has too few items') };
    default:
      return { field: at(), message: error.message ?? `fails rule '${error.keyword}'` };
  }
}

/** Describes a JSON syntax error with its line and column. */
function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  // V8 gives no position when the text stops before the JSON is complete: the problem is at its end.
  const truncated = /end of JSON input/i.test(message);
  if (position?.[1] === undefined && !truncated) {
    return `invalid JSON: ${message}`;
  }
  const offset = position?.[1] === undefined ? text.length : Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  const reason = message.replace(/\s*in JSON at position \d+.*$/, '');
  return `invalid JSON at line ${line} column ${column}: ${reason}`;
}

/** Formats a problem on one line: `node 'map-items' field 'config.fields.0.expression': message`. */
export function formatProblem(problem: FlowProblem, file?: string): string {
  const parts: string[] = [];
  if (file !== undefined) {
    parts.push(`${basename(file)}:`);
  }
  if (problem.severity === 'warning') {
    parts.push('warning:');
  }
  if (problem.nodeId !== undefined) {
    parts.push(`node '${problem.nodeId}'`);
  } else if (problem.edgeIndex !== undefined) {
    parts.push(`edge ${problem.edgeIndex}`);
  }
  if (problem.field !== undefined && problem.field !== '') {
    parts.push(`field '${problem.field}'`);
  }
  const head = parts.join(' ');
  return head === '' ? problem.message : `${head}${head.endsWith(':') ? '' : ':'} ${problem.message}`;
}

/** Tells whether the problems allow the flow to run: warnings do, errors do not. */
export function hasErrors(problems: readonly FlowProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
