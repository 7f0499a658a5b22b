/**
 * Every node kind Flowmason ships, in palette order. The CLI, the runner and the designer's host
 * build their {@link NodeRegistry} from this list.
 */
import { NodeRegistry } from '../engine/flow/node-registry.js';
import type { NodeKind } from '../engine/sdk/index.js';
import { csvReadNode } from './csv-read/csv-read.node.js';
import { csvWriteNode } from './csv-write/csv-write.node.js';
import { jsonReadNode } from './json-read/json-read.node.js';
import { jsonWriteNode } from './json-write/json-write.node.js';
import { mapNode } from './map/map.node.js';
import { routeNode } from './route/route.node.js';
import { validateNode } from './validate/validate.node.js';

export const NODE_KINDS: readonly NodeKind[] = [csvReadNode, jsonReadNode, mapNode, validateNode, routeNode, csvWriteNode, jsonWriteNode];

export function createNodeRegistry(): NodeRegistry {
  return new NodeRegistry(NODE_KINDS);
}
