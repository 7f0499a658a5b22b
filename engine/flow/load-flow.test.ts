import { describe, expect, it } from 'vitest';
import { NodeRegistry } from './node-registry.js';
import { parseFlow } from './load-flow.js';

const registry = new NodeRegistry([]);

describe('parseFlow JSON errors', () => {
  it('names the line and column of a syntax error', () => {
    const result = parseFlow('{\n  "id": "x",,\n}', registry, { flowDir: '/tmp' });
    expect(result.problems[0]?.message).toMatch(/^invalid JSON at line 2 column 13: /);
  });

  it('names the end of a truncated file', () => {
    const result = parseFlow('{\n  "formatVersion": 1,\n  "nodes": [\n', registry, { flowDir: '/tmp' });
    expect(result.problems).toEqual([{ severity: 'error', message: 'invalid JSON at line 4 column 1: Unexpected end of JSON input' }]);
  });
});
