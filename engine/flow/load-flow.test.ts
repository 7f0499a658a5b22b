import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { TEST_KINDS } from '../../test/support/test-kinds.js';
import { checkFlow, formatProblem, hasErrors, parseFlow, type FlowProblem } from './load-flow.js';
import { NodeRegistry } from './node-registry.js';
import { serializeFlow } from './write-flow.js';

const registry = new NodeRegistry(TEST_KINDS);
const options = { flowDir: '/flows' };

function problems(value: unknown): string[] {
  return checkFlow(value, registry, options).problems.map((problem: FlowProblem) => formatProblem(problem));
}

const valid = buildFlow(
  [
    ['source', 'test.numbers', { count: 3 }],
    ['double', 'test.double', {}],
    ['sink', 'test.collect', { name: 'sink' }],
  ],
  ['source.out -> double', 'double.out -> sink'],
);

describe('checkFlow', () => {
  it('accepts a valid flow without problems', () => {
    expect(problems(valid)).toEqual([]);
  });

  it('reports every problem at once, by node id and field', () => {
    const broken = buildFlow(
      [
        ['source', 'test.numbers', { count: -1, colour: 'red' }],
        ['double', 'test.dubble', {}],
        ['sink', 'test.collect', {}],
      ],
      ['source.out -> double', 'source.evens -> sink', 'double.out -> ghost'],
    );
    expect(problems(broken)).toEqual([
      "node 'source' field 'config.colour': is not a known setting of test.numbers",
      "node 'source' field 'config.count': must be >= 0",
      "node 'double' field 'type': unknown node type 'test.dubble'; known types: test.collect, test.double, test.numbers, test.parity",
      "node 'sink' field 'config.name': is required",
      "node 'source' field 'from.port': edge source.evens -> sink.in: node 'source' (test.numbers) has no output port 'evens'; its ports: out, error",
      "edge 2 field 'to.node': edge double.out -> ghost.in ends at node 'ghost', which does not exist",
    ]);
  });

  it('reports a cycle with its path', () => {
    const cyclic = buildFlow(
      [
        ['source', 'test.numbers', { count: 1 }],
        ['a', 'test.double', {}],
        ['b', 'test.double', {}],
      ],
      ['source.out -> a', 'a.out -> b', 'b.out -> a'],
    );
    expect(problems(cyclic)).toEqual(["node 'a': the flow contains a cycle: a -> b -> a; records must flow one way"]);
  });

  it('reports a flow without a source', () => {
    const sourceless = buildFlow([['a', 'test.double', {}]], []);
    expect(problems(sourceless)).toEqual([
      'the flow has no source node; add a reader such as csv.read',
      "warning: node 'a': node 'a' has no incoming edge, so it never receives records",
    ]);
    expect(hasErrors(checkFlow(sourceless, registry, options).problems)).toBe(true);
  });

  it('rejects edges into a source and from a self loop', () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 1 }],
        ['other', 'test.numbers', { count: 1 }],
        ['a', 'test.double', {}],
      ],
      ['source.out -> other', 'source.out -> a', 'a.out -> a'],
    );
    expect(problems(flow)).toEqual([
      "node 'other' field 'to.port': edge source.out -> other.in: node 'other' (test.numbers) is a source and takes no input",
      "node 'a': edge a.out -> a.in connects node 'a' to itself",
      "node 'a': the flow contains a cycle: a -> a; records must flow one way",
    ]);
  });

  it('reports duplicate node ids and duplicate edges', () => {
    const flow = buildFlow(
      [
        ['source', 'test.numbers', { count: 1 }],
        ['source', 'test.numbers', { count: 2 }],
        ['sink', 'test.collect', { name: 's' }],
      ],
      ['source.out -> sink', 'source.out -> sink'],
    );
    expect(problems(flow)).toEqual([
      "node 'source' field 'id': node id 'source' is used by more than one node",
      'edge 1: edge source.out -> sink.in appears twice',
    ]);
  });

  it('checks $param references against the declared parameters', () => {
    const flow = buildFlow([['source', 'test.numbers', { count: { $param: 'rows' } }]], [], {
      parameters: { count: { type: 'number', default: 3 } },
    });
    expect(problems(flow)).toEqual(["node 'source' field 'config.count': refers to parameter 'rows', which the flow does not declare"]);
    const declared = buildFlow([['source', 'test.numbers', { count: { $param: 'count' } }]], [], {
      parameters: { count: { type: 'number', default: 3 } },
    });
    expect(problems(declared)).toEqual([]);
  });

  it('reports file-level shape errors with node ids', () => {
    const flow = { ...valid, nodes: valid.nodes.map((node) => (node.id === 'double' ? { ...node, position: { x: 'left', y: 0 } } : node)) };
    expect(problems(flow)).toEqual(["node 'double' field 'position.x': must be number"]);
    expect(problems({ ...valid, formatVersion: 7 })).toEqual([
      "field 'formatVersion': formatVersion 7 was written by a newer Flowmason; this one reads up to 1",
    ]);
    expect(problems({ ...valid, extra: true })).toEqual(["field 'extra': is not a known setting"]);
    expect(problems([])).toEqual(['a flow file must contain a JSON object']);
  });

  it('reports a newer node version than the engine knows', () => {
    const flow = buildFlow([['source', 'test.numbers', { count: 1 }, { typeVersion: 3 }]], []);
    expect(problems(flow)).toEqual([
      "node 'source' field 'typeVersion': test.numbers version 3 was written by a newer Flowmason; this one has version 1",
    ]);
  });
});

describe('parseFlow', () => {
  it('reports invalid JSON with line and column', () => {
    const result = parseFlow('{\n  "formatVersion": 1,\n  "id": "x",\n  oops\n}', registry, options);
    expect(result.flow).toBeUndefined();
    expect(result.problems.map((problem) => problem.message)).toEqual([
      "invalid JSON at line 4 column 3: Expected double-quoted property name",
    ]);
  });

  it('accepts a byte order mark', () => {
    const result = parseFlow(`\uFEFF${serializeFlow(valid)}`, registry, options);
    expect(result.problems).toEqual([]);
  });
});

describe('serializeFlow', () => {
  it('writes the same bytes after load and write', () => {
    const text = serializeFlow(valid);
    const reloaded = parseFlow(text, registry, options);
    expect(serializeFlow(reloaded.flow!)).toBe(text);
  });

  it('orders nodes, edges and keys canonically whatever the input order', () => {
    const shuffled = {
      ...valid,
      edges: [...valid.edges].reverse(),
      nodes: [...valid.nodes].reverse().map((node) => ({ position: node.position, config: node.config, name: node.name, typeVersion: 1, type: node.type, id: node.id })),
    };
    expect(serializeFlow(shuffled)).toBe(serializeFlow(valid));
  });

  it('changes one line when one config field changes', () => {
    const before = serializeFlow(valid).split('\n');
    const edited = { ...valid, nodes: valid.nodes.map((node) => (node.id === 'sink' ? { ...node, config: { name: 'renamed' } } : node)) };
    const after = serializeFlow(edited).split('\n');
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, index) => line !== before[index])).toEqual(['        "name": "renamed"']);
  });

  it('ends with a newline and rounds positions', () => {
    const moved = { ...valid, nodes: valid.nodes.map((node) => ({ ...node, position: { x: 10.4, y: 20.6 } })) };
    const text = serializeFlow(moved);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('"x": 10,\n        "y": 21');
  });
});

describe('parseFlow JSON errors', () => {
  it('names the line and column of a syntax error', () => {
    const result = parseFlow('{\n  "id": "x",,\n}', registry, options);
    expect(result.problems[0]?.message).toMatch(/^invalid JSON at line 2 column 13: /);
  });

  it('names the end of a truncated file', () => {
    const result = parseFlow('{\n  "formatVersion": 1,\n  "nodes": [\n', registry, options);
    expect(result.problems).toEqual([{ severity: 'error', message: 'invalid JSON at line 4 column 1: Unexpected end of JSON input' }]);
  });
});
