import { describe, expect, it } from 'vitest';
import { parseNumber, readDocument, writeDocument, type DocumentMap } from './segment-map.js';

const MAP: DocumentMap = {
  title: 'test document',
  children: [
    { segment: 'HDR', name: 'header', fields: [{ name: 'number', element: 1, required: true }, { name: 'date', element: 2, component: 1 }, { name: 'format', element: 2, component: 2 }] },
    { segment: 'NTE', name: 'notes', collect: [1, 2] },
    {
      loop: 'ITM',
      name: 'items',
      fields: [{ name: 'line', element: 1 }, { name: 'quantity', element: 2, type: 'number' }],
      pairs: { from: 3, to: 6, name: 'ids' },
      children: [
        { segment: 'LOC', name: 'location', merge: true, fields: [{ name: 'city', element: 1 }, { name: 'country', element: 2 }] },
        { segment: 'AMT', name: 'amounts', repeat: true, fields: [{ name: 'total', element: 1, type: 'implied-decimal-2' }] },
        { segment: 'ERR', name: 'result', fields: [{ name: 'status', element: 1 }], lists: [{ name: 'codes', elements: [2, 3, 4] }] },
      ],
    },
    { loop: 'SUM', name: 'summary', single: true, fields: [{ name: 'section', element: 1 }], children: [{ segment: 'AMT', name: 'amounts', repeat: true, fields: [{ name: 'total', element: 1, type: 'number' }] }] },
  ],
};

describe('readDocument', () => {
  it('nests loops and closes them outward', () => {
    const { document, issues } = readDocument(MAP, [
      { id: 'HDR', elements: ['D-1', ['20261201', '102']] },
      { id: 'NTE', elements: ['FIRST', 'SECOND'] },
      { id: 'NTE', elements: ['THIRD'] },
      { id: 'ITM', elements: ['1', '24', 'UP', '0123', 'VN', 'A-1', 'ZZ', 'IGNORED'] },
      { id: 'LOC', elements: ['NEWARK', 'US'] },
      { id: 'AMT', elements: ['1250'] },
      { id: 'ERR', elements: ['R', '4', '', '5'] },
      { id: 'ITM', elements: ['2', 'TEN'] },
      { id: 'SUM', elements: ['S'] },
      { id: 'AMT', elements: ['19,9'] },
      { id: 'XYZ', elements: ['unknown'] },
    ], { decimalMark: ',' });

    expect(issues).toEqual([]);
    expect(document).toEqual({
      header: { number: 'D-1', date: '20261201', format: '102' },
      notes: ['FIRST', 'SECOND', 'THIRD'],
      items: [
        { line: '1', quantity: 24, ids: { UP: '0123', VN: 'A-1' }, city: 'NEWARK', country: 'US', amounts: [{ total: 12.5 }], result: { status: 'R', codes: ['4', '5'] } },
        { line: '2', quantity: 'TEN' },
      ],
      summary: { section: 'S', amounts: [{ total: 19.9 }] },
    });
  });

  it('reports a missing required element with its position', () => {
    const { issues } = readDocument(MAP, [{ id: 'HDR', elements: ['', '20261201'] }], { positions: [7] });

    expect(issues).toEqual([
      { severity: 'error', level: 'set', rule: 'required-element', message: 'HDR01 (number) is missing; it is required', segmentId: 'HDR', segmentPosition: 7, element: 'HDR01', elementPosition: 1, code: '1' },
    ]);
  });

  it('rejoins a repeated element for a plain field', () => {
    const { document } = readDocument(MAP, [{ id: 'HDR', elements: [[['999999'], ['001']]] }], { repetitionSeparator: '-', componentSeparator: '>' });

    expect(document.header).toEqual({ number: '999999-001' });
  });
});

describe('writeDocument', () => {
  it('writes what it reads, dropping trailing empty elements', () => {
    const segments = writeDocument(MAP, {
      header: { number: 'D-1', date: '20261201' },
      notes: ['FIRST', 'SECOND', 'THIRD'],
      items: [{ line: '1', quantity: 24, ids: { UP: '0123' }, city: 'NEWARK', amounts: [{ total: 12.5 }], result: { status: 'R', codes: ['4', '5'] } }],
      summary: { section: 'S', amounts: [{ total: 19.9 }] },
    }, { decimalMark: ',' });

    expect(segments).toEqual([
      { id: 'HDR', elements: ['D-1', '20261201'] },
      { id: 'NTE', elements: ['FIRST', 'SECOND'] },
      { id: 'NTE', elements: ['THIRD'] },
      { id: 'ITM', elements: ['1', '24', 'UP', '0123'] },
      { id: 'LOC', elements: ['NEWARK'] },
      { id: 'AMT', elements: ['1250'] },
      { id: 'ERR', elements: ['R', '4', '5'] },
      { id: 'SUM', elements: ['S'] },
      { id: 'AMT', elements: ['19,9'] },
    ]);
  });
});

describe('parseNumber', () => {
  it.each([
    ['12.5', '.', 12.5],
    ['-5', '.', -5],
    ['.5', '.', 0.5],
    ['19,9', ',', 19.9],
    ['3 LB', '.', '3 LB'],
    ['', '.', ''],
    ['1e400', '.', '1e400'],
  ])('%s with mark %s', (text, mark, expected) => {
    expect(parseNumber(text, mark)).toBe(expected);
  });
});
