import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { nodesInFlowOrder } from './flow-order.js';

describe('nodesInFlowOrder', () => {
  it('puts each node after the nodes that feed it', () => {
    const flow = buildFlow(
      [
        ['a-sink', 'test.collect', {}],
        ['b-map', 'test.double', {}],
        ['c-source', 'test.numbers', {}],
        ['d-errors', 'test.collect', {}],
      ],
      ['c-source.out -> b-map', 'b-map.out -> a-sink', 'c-source.error -> d-errors', 'b-map.error -> d-errors'],
    );
    expect(nodesInFlowOrder(flow).map((node) => node.id)).toEqual(['c-source', 'b-map', 'a-sink', 'd-errors']);
  });

  it('keeps file order among nodes ready together and puts cycles last', () => {
    const flow = buildFlow(
      [
        ['x', 'test.double', {}],
        ['y', 'test.double', {}],
        ['s2', 'test.numbers', {}],
        ['s1', 'test.numbers', {}],
      ],
      ['x.out -> y', 'y.out -> x'],
    );
    expect(nodesInFlowOrder(flow).map((node) => node.id)).toEqual(['s2', 's1', 'x', 'y']);
  });
});
