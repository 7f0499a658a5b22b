import { describe, expect, it } from 'vitest';
import { createExpressionCompiler } from '../../engine/expressions/expression-compiler.js';
import type { FlowRecord, NodeContext, Output } from '../../engine/sdk/index.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { routeNode } from './route.node.js';
import type { RouteConfig } from './route.schema.js';

const rows = [
  { sku: 'A', country: 'DE', weight: 2, channel: 'shop' },
  { sku: 'B', country: 'US', weight: 45, channel: 'edi' },
  { sku: 'C', country: 'AT', weight: 40, channel: 'shop' },
  { sku: 'D', country: 'JP', weight: 1 },
];

async function route(config: RouteConfig, data: Record<string, unknown>[] = rows, params: Record<string, unknown> = {}) {
  const result = await runNode(routeNode, config, { batches: [makeRecords(data, 'sku')], params });
  const keysByPort = Object.fromEntries(Object.entries(result.ports).map(([port, records]) => [port, records.map((record) => record.key)]));
  return { result, keysByPort };
}

function check(config: RouteConfig) {
  return routeNode.check!(config, { resolvePath: (path) => path, expressions: createExpressionCompiler({ params: {} }) });
}

describe('route node', () => {
  it('sends each record to the first matching route', async () => {
    const { keysByPort } = await route({
      routes: [
        { port: 'dach', condition: 'country in ["DE", "AT", "CH"]' },
        { port: 'freight', condition: 'weight > 30' },
      ],
    });
    expect(keysByPort).toEqual({ dach: ['A', 'C'], freight: ['B'], default: ['D'] });
  });

  it('sends each record to every matching route in all mode', async () => {
    const { keysByPort, result } = await route({
      mode: 'all',
      routes: [
        { port: 'dach', condition: 'country in ["DE", "AT", "CH"]' },
        { port: 'freight', condition: 'weight > 30' },
      ],
    });
    expect(keysByPort).toEqual({ dach: ['A', 'C'], freight: ['B', 'C'], default: ['D'] });
    expect(result.ports.dach?.[1]).toBe(result.ports.freight?.[1]);
  });

  it('routes with simple conditions', async () => {
    const { keysByPort } = await route({
      routes: [
        { port: 'edi', field: 'channel', equals: 'edi' },
        { port: 'dach', field: 'country', in: ['DE', 'AT', 'CH'] },
        { port: 'asia', field: 'country', matches: '^(JP|CN|KR)$' },
      ],
    });
    expect(keysByPort).toEqual({ edi: ['B'], dach: ['A', 'C'], asia: ['D'] });
  });

  it('mixes simple and JSONata conditions in order', async () => {
    const { keysByPort } = await route({
      routes: [
        { port: 'heavy', condition: 'weight >= $params.freightFrom' },
        { port: 'shop', field: 'channel', equals: 'shop' },
      ],
    }, rows, { freightFrom: 40 });
    expect(keysByPort).toEqual({ heavy: ['B', 'C'], shop: ['A'], default: ['D'] });
  });

  it('treats a missing field as no match', async () => {
    const { keysByPort } = await route({ routes: [{ port: 'shop', field: 'channel', in: ['shop'] }] }, [{ sku: 'D' }]);
    expect(keysByPort).toEqual({ default: ['D'] });
  });

  it('tests code tables in conditions', async () => {
    const { keysByPort } = await route({
      routes: [
        { port: 'eu', field: 'country', inTable: 'eu' },
        { port: 'known', condition: '$lookup("names", country) != null' },
      ],
      codeTables: { eu: { DE: 'Germany', AT: 'Austria' }, names: { US: 'United States' } },
    });
    expect(keysByPort).toEqual({ eu: ['A', 'C'], known: ['B'], default: ['D'] });
  });

  it('fails only the record a condition fails on', async () => {
    const { keysByPort, result } = await route({ routes: [{ port: 'heavy', condition: 'weight * 2 > 50' }] }, [
      { sku: 'A', weight: 30 },
      { sku: 'B', weight: 'n/a' },
      { sku: 'C', weight: 1 },
    ]);
    expect(keysByPort).toEqual({ heavy: ['A'], default: ['C'] });
    expect(result.failures.map((failure) => [failure.record.key, failure.kind])).toEqual([['B', 'input']]);
    expect(result.failures[0]!.message).toMatch(/^route to 'heavy': expression 'weight \* 2 > 50' failed at column 8: /);
  });

  it('fails a record whose condition runs away and goes on', async () => {
    const { keysByPort, result } = await route({ routes: [{ port: 'x', condition: 'loop and ($f := function($n) { 1 + $f($n) }; $f(0))' }] }, [
      { sku: 'A', loop: true },
      { sku: 'B', loop: false },
    ]);
    expect(keysByPort).toEqual({ default: ['B'] });
    expect(result.failures[0]!.message).toMatch(/went deeper than 3000 nested evaluation steps/);
  });

  it('lists its ports after its routes', () => {
    expect(routeNode.outputs({ routes: [{ port: 'eu' }, { port: 'us' }, { port: 'eu' }] })).toEqual(['eu', 'us', 'default']);
    expect(routeNode.outputs({ routes: [null, 'x', { port: 7 }] } as unknown as RouteConfig)).toEqual(['default']);
  });
});

describe('route without expressions', () => {
  it('processes a batch without a promise', async () => {
    const context = { expressions: createExpressionCompiler({ params: {} }), resolvePath: (path: string) => path } as unknown as NodeContext;
    const instance = await routeNode.create({ routes: [{ port: 'de', field: 'country', equals: 'DE' }] }, context);
    const emitted: string[] = [];
    const out: Output = { emit: (port: string, _record: FlowRecord) => emitted.push(port), fail: () => undefined, pending: 0, flush: async () => undefined };
    expect(instance.process!(makeRecords(rows), out)).toBeUndefined();
    expect(emitted).toEqual(['de', 'default', 'default', 'default']);
  });
});

describe('route check', () => {
  it('reports JSONata errors by field', () => {
    expect(
      check({
        routes: [
          { port: 'a', condition: 'true' },
          { port: 'b', condition: 'country = ' },
          { port: 'c', condition: '$contains(name, "x") and $isGerman(country)' },
        ],
      }),
    ).toEqual([
      { field: 'routes.1.condition', message: 'invalid JSONata at column 10: Unexpected end of expression' },
      { field: 'routes.2.condition', message: 'unknown function $isGerman at column 26' },
    ]);
  });

  it('reports reserved and repeated ports', () => {
    expect(
      check({
        routes: [
          { port: 'default', condition: 'true' },
          { port: 'error', condition: 'true' },
          { port: 'eu', condition: 'true' },
          { port: 'eu', field: 'x', equals: 1 },
        ],
      }),
    ).toEqual([
      { field: 'routes.0.port', message: "'default' is reserved for records that match no route; choose another port name" },
      { field: 'routes.1.port', message: "'error' is reserved for records that fail; choose another port name" },
      { field: 'routes.3.port', message: "'eu' is also the port of routes.2; give each route its own port" },
    ]);
  });

  it('reports conditions that do not combine', () => {
    expect(
      check({
        routes: [
          { port: 'a' },
          { port: 'b', condition: 'true', field: 'x', equals: 1 },
          { port: 'c', field: 'x' },
          { port: 'd', field: 'x', equals: 1, matches: 'y' },
          { port: 'e', field: 'x', inTable: 'eu' },
        ],
      }),
    ).toEqual([
      { field: 'routes.0', message: 'needs a condition, or a field with one of equals, in, matches, inTable' },
      { field: 'routes.1', message: 'sets both condition and a field test; a route has either a condition, or a field with one of equals, in, matches, inTable' },
      { field: 'routes.2', message: 'needs one of equals, in, matches, inTable' },
      { field: 'routes.3', message: 'sets equals and matches; set only one of equals, in, matches, inTable' },
      { field: 'routes.4.inTable', message: "code table 'eu' is not defined; the node defines no code tables" },
    ]);
  });

  it('reports a node without routes', () => {
    expect(check({ routes: [] })).toEqual([{ field: 'routes', message: "add at least one route; without routes every record goes to 'default'" }]);
  });

  it('makes create fail with the same problems', async () => {
    await expect(runNode(routeNode, { routes: [{ port: 'x', condition: '$nope()' }] })).rejects.toThrow(
      'invalid route config: routes.0.condition: unknown function $nope at column 1',
    );
  });

  it('rejects port names outside the id pattern through the schema', async () => {
    await expect(runNode(routeNode, { routes: [{ port: 'two words', condition: 'true' }] })).rejects.toThrow(/must match pattern/);
  });
});
