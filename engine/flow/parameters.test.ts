import { describe, expect, it } from 'vitest';
import { buildFlow } from '../../test/support/flow-builder.js';
import { resolveParameters } from './parameters.js';

const flow = buildFlow([], [], {
  parameters: {
    input: { type: 'path', default: 'data/items.csv' },
    limit: { type: 'number', default: 10 },
    strict: { type: 'boolean', default: false },
    label: { type: 'string' },
  },
});
const dirs = { flowDir: '/flows/items', overrideDir: '/home/analyst' };

describe('resolveParameters', () => {
  it('resolves defaults against the flow folder and overrides against the working folder', () => {
    expect(resolveParameters(flow, { label: 'x' }, dirs)).toEqual({ input: '/flows/items/data/items.csv', limit: 10, strict: false, label: 'x' });
    expect(resolveParameters(flow, { label: 'x', input: 'exports/today.csv', limit: '25', strict: 'true' }, dirs)).toEqual({
      input: '/home/analyst/exports/today.csv',
      limit: 25,
      strict: true,
      label: 'x',
    });
  });

  it('rejects unknown names, wrong types and missing values', () => {
    expect(() => resolveParameters(flow, { label: 'x', limt: '3' }, dirs)).toThrow(
      "parameter 'limt' is not declared by flow 'test-flow'; declared: input, limit, strict, label",
    );
    expect(() => resolveParameters(flow, { label: 'x', limit: '3 items' }, dirs)).toThrow("parameter 'limit' must be a number; got '3 items'");
    expect(() => resolveParameters(flow, { label: 'x', strict: 'yes' }, dirs)).toThrow("parameter 'strict' must be true or false; got 'yes'");
    expect(() => resolveParameters(flow, {}, dirs)).toThrow("parameter 'label' has no default and no value was given; pass --param label=VALUE");
  });
});

