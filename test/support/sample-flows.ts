/** Flow documents built from the designer test kinds, shared by host, server and UI tests. */
import type { FlowDocument } from '../../engine/flow/flow-schema.js';

/** generate -> map -> validate -> write, with `count` items and every 4th one missing its uom. */
export function itemFlow(count = 12): FlowDocument {
  return {
    formatVersion: 1,
    id: 'item-sync',
    name: 'Item sync',
    parameters: { output: { type: 'path', default: 'out/items.jsonl' } },
    nodes: [
      { id: 'generate-1', type: 'test.generate', typeVersion: 1, name: 'Items', config: { count, missingUomEvery: 4 }, position: { x: 0, y: 0 } },
      {
        id: 'map-1',
        type: 'test.map',
        typeVersion: 1,
        name: 'Upper names',
        config: { fields: [{ target: 'name', expression: '$uppercase(name)' }], keepOtherFields: true },
        position: { x: 300, y: 0 },
      },
      {
        id: 'validate-1',
        type: 'test.validate',
        typeVersion: 1,
        name: 'Check uom',
        config: { schema: { type: 'object', required: ['uom'], properties: { uom: { type: 'string', minLength: 1 } } } },
        position: { x: 600, y: 0 },
      },
      { id: 'write-1', type: 'test.write', typeVersion: 1, name: 'Write', config: { path: { $param: 'output' } }, position: { x: 900, y: 0 } },
    ],
    edges: [
      { from: { node: 'generate-1', port: 'out' }, to: { node: 'map-1', port: 'in' } },
      { from: { node: 'map-1', port: 'out' }, to: { node: 'validate-1', port: 'in' } },
      { from: { node: 'validate-1', port: 'out' }, to: { node: 'write-1', port: 'in' } },
    ],
  };
}
