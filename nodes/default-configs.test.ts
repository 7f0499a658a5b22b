/**
 * The config a node gets when it is dropped on the canvas: files, addresses and queries start
 * empty, so the flow reports what is missing instead of running against a file that is not there.
 */
import { describe, expect, it } from 'vitest';
import { checkFlow, formatProblem } from '../engine/flow/load-flow.js';
import type { FlowDocument } from '../engine/flow/flow-schema.js';
import { createNodeRegistry, NODE_KINDS } from './index.js';

/** Settings that name something outside the flow; a guessed value there looks real and fails at run time. */
const LOCATION_KEYS = new Set(['path', 'folder', 'url', 'query', 'table']);

function locationValues(value: unknown, path = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return LOCATION_KEYS.has(key) && typeof item !== 'object' ? [[at, item] as [string, unknown]] : locationValues(item, at);
  });
}

function problemsOfNewNodes(types: string[]): string[] {
  const flow: FlowDocument = {
    formatVersion: 1,
    id: 'new',
    name: 'New',
    nodes: types.map((type, index) => {
      const kind = NODE_KINDS.find((candidate) => candidate.type === type);
      return { id: `node-${index + 1}`, type, typeVersion: 1, name: type, config: structuredClone(kind?.defaultConfig ?? {}) as Record<string, unknown>, position: { x: 0, y: 0 } };
    }),
    edges: types.slice(1).map((_type, index) => ({ from: { node: `node-${index + 1}`, port: 'out' }, to: { node: `node-${index + 2}`, port: 'in' } })),
  };
  return checkFlow(flow, createNodeRegistry(), { flowDir: '/flows' }).problems.map((problem) => formatProblem(problem));
}

describe('default configs', () => {
  it('leave files, addresses and queries empty', () => {
    for (const kind of NODE_KINDS) {
      for (const [field, value] of locationValues(kind.defaultConfig)) {
        expect({ type: kind.type, field, value }).toEqual({ type: kind.type, field, value: '' });
      }
    }
  });

  it('report a new reader and writer as incomplete', () => {
    expect(problemsOfNewNodes(['csv.read', 'json.write'])).toEqual([
      "node 'node-1' field 'config.path': is empty; a value is required",
      "node 'node-2' field 'config.path': is empty; a value is required",
    ]);
  });

  it('report a new route without a test', () => {
    expect(problemsOfNewNodes(['csv.read', 'route'])).toContain("node 'node-2' field 'config.routes.0': needs a condition, or a field with one of equals, in, matches, inTable");
  });
});
