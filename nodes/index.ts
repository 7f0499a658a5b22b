/**
 * Every node kind Flowmason ships, in palette order. The CLI, the runner and the designer's host
 * build their {@link NodeRegistry} from this list.
 */
import { NodeRegistry } from '../engine/flow/node-registry.js';
import type { NodeKind } from '../engine/sdk/index.js';
import { approveNode } from './approve/approve.node.js';
import { csvReadNode } from './csv-read/csv-read.node.js';
import { csvWriteNode } from './csv-write/csv-write.node.js';
import { edifactReadNode } from './edifact-read/edifact-read.node.js';
import { httpRequestNode } from './http-request/http-request.node.js';
import { jsonReadNode } from './json-read/json-read.node.js';
import { jsonWriteNode } from './json-write/json-write.node.js';
import { mapNode } from './map/map.node.js';
import { routeNode } from './route/route.node.js';
import { splitNode } from './split/split.node.js';
import { fileWatchNode } from './trigger-file-watch/trigger-file-watch.node.js';
import { sqlQueryNode } from './sql-query/sql-query.node.js';
import { sqlUpsertNode } from './sql-upsert/sql-upsert.node.js';
import { validateNode } from './validate/validate.node.js';
import { x12AckNode } from './x12-ack/x12-ack.node.js';
import { x12ReadNode } from './x12-read/x12-read.node.js';
import { x12WriteNode } from './x12-write/x12-write.node.js';
import { xmlReadNode } from './xml-read/xml-read.node.js';
import { xmlWriteNode } from './xml-write/xml-write.node.js';

export const NODE_KINDS: readonly NodeKind[] = [
  fileWatchNode,
  csvReadNode,
  jsonReadNode,
  xmlReadNode,
  x12ReadNode,
  edifactReadNode,
  sqlQueryNode,
  httpRequestNode,
  mapNode,
  splitNode,
  validateNode,
  routeNode,
  approveNode,
  x12AckNode,
  csvWriteNode,
  jsonWriteNode,
  xmlWriteNode,
  x12WriteNode,
  sqlUpsertNode,
];

export function createNodeRegistry(): NodeRegistry {
  return new NodeRegistry(NODE_KINDS);
}
