/**
 * Every node kind Flowmason ships, in palette order. The CLI, the runner and the designer's host
 * build their {@link NodeRegistry} from this list.
 */
import { NodeRegistry } from '../engine/flow/node-registry.js';
import type { NodeKind } from '../engine/sdk/index.js';
import { mapNode } from './map/map.node.js';
import { routeNode } from './route/route.node.js';
import { validateNode } from './validate/validate.node.js';

export const NODE_KINDS: readonly NodeKind[] = [mapNode, validateNode, routeNode];

export function createNodeRegistry(): NodeRegistry {
  return new NodeRegistry(NODE_KINDS);
}
