import { describe, expect, it } from 'vitest';
import { JsonArrayScanner, type ArrayProblem } from './json-array-scanner.js';

interface Element {
  text: string;
  line: number;
  problem?: ArrayProblem;
}

function scan(chunks: readonly string[]): Element[] {
  const elements: Element[] = [];
  const scanner = new JsonArrayScanner('test.json', (text, line, problem) => elements.push({ text, line, ...(problem === undefined ? {} : { problem }) }));
  for (const chunk of chunks) {
    scanner.push(chunk);
  }
  scanner.end();
  return elements;
}

const TRICKY = '[\n {"a": "x\\\\", "b": "\\"]}"},\n\n  [1, [2]] ,"s,t",\n null\n]';

describe('JsonArrayScanner', () => {
  it('splits top-level elements and tracks lines', () => {
    expect(scan([TRICKY])).toEqual([
      { text: '{"a": "x\\\\", "b": "\\"]}"}', line: 2 },
      { text: '[1, [2]]', line: 4 },
      { text: '"s,t"', line: 4 },
      { text: 'null', line: 5 },
    ]);
  });

  it('gives the same elements however the text is split', () => {
    const whole = scan([TRICKY]);
    for (let first = 0; first <= TRICKY.length; first++) {
      for (let second = first; second <= TRICKY.length; second++) {
        expect(scan([TRICKY.slice(0, first), TRICKY.slice(first, second), TRICKY.slice(second)])).toEqual(whole);
      }
    }
  });

  it('reads an empty array as no elements', () => {
    expect(scan([' [ ] '])).toEqual([]);
  });

  it('rejects text that does not open an array', () => {
    expect(() => scan(['\n{"a": 1}'])).toThrow("test.json line 2: expected '[' to open a JSON array; found '{'. For one object per line, set 'format' to 'jsonl'");
  });
});
