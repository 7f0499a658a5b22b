/** Describes registered node kinds for the palette and the inspector. */
import { outputPorts } from '../flow/load-flow.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { InputError } from '../errors.js';
import type { NodeKind } from '../sdk/node-kind.js';
import type { NodeKindInfo } from '../api/node-kinds.api.js';

/**
 * Returns the JSON form of a node kind. The config schema goes through JSON so that TypeBox's
 * symbol-keyed metadata stays behind and the result is plain data.
 */
export function describeNodeKind(kind: NodeKind): NodeKindInfo {
  return {
    type: kind.type,
    version: kind.version,
    category: kind.category,
    title: kind.title,
    description: kind.description,
    configSchema: JSON.parse(JSON.stringify(kind.configSchema)) as Record<string, unknown>,
    defaultConfig: JSON.parse(JSON.stringify(kind.defaultConfig)) as unknown,
    hasInput: kind.hasInput,
    defaultOutputs: portsFor(kind, kind.defaultConfig),
  };
}

/** Output ports of a node of this kind with `config`, `error` included. */
export function portsFor(kind: NodeKind, config: unknown): string[] {
  return outputPorts({ id: 'node', type: kind.type, typeVersion: kind.version, name: '', config: config as Record<string, unknown>, position: { x: 0, y: 0 } }, kind);
}

/** Looks a kind up by type; throws an InputError listing the known types when there is none. */
export function requireKind(registry: NodeRegistry, type: string): NodeKind {
  const kind = registry.get(type);
  if (kind === undefined) {
    const known = registry.list().map((item) => item.type).sort();
    throw new InputError(`unknown node type '${type}'; known types: ${known.join(', ') || 'none'}`);
  }
  return kind;
}
