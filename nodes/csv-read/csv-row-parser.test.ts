import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvRowParser, type CsvRowParserOptions, type RowProblem } from './csv-row-parser.js';

interface Row {
  fields: string[];
  line: number;
  problem?: RowProblem;
}

/** Parses `chunks` in order and returns every row. */
function parse(chunks: readonly string[], options: Partial<CsvRowParserOptions> = {}): Row[] {
  const rows: Row[] = [];
  const parser = new CsvRowParser({
    file: 'test.csv',
    delimiter: ',',
    quote: '"',
    trim: false,
    skipEmptyLines: false,
    skipLines: 0,
    ...options,
    onRow: (fields, line, problem) => rows.push({ fields: [...fields], line, ...(problem === undefined ? {} : { problem }) }),
  });
  for (const chunk of chunks) {
    parser.push(chunk, false);
  }
  parser.end();
  return rows;
}

/** Splits `text` at the given positions. */
function splitAt(text: string, positions: readonly number[]): string[] {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const pieces: string[] = [];
  let start = 0;
  for (const position of sorted) {
    pieces.push(text.slice(start, position));
    start = position;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Counts CRLF, LF and CR as one line break each. */
function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

const TRICKY = 'a,"b ""q""",c\r\n"multi\r\nline\rfield\n",,"x"\r\rplain,"",z\n"end"';

describe('CsvRowParser', () => {
  it('parses quoted fields, doubled quotes and mixed line breaks', () => {
    expect(parse([TRICKY])).toEqual([
      { fields: ['a', 'b "q"', 'c'], line: 1 },
      { fields: ['multi\r\nline\rfield\n', '', 'x'], line: 2 },
      { fields: [''], line: 6 },
      { fields: ['plain', '', 'z'], line: 7 },
      { fields: ['end'], line: 8 },
    ]);
  });

  it('gives the same rows however the text is split', () => {
    const whole = parse([TRICKY]);
    for (let first = 0; first <= TRICKY.length; first++) {
      for (let second = first; second <= TRICKY.length; second += 3) {
        expect(parse(splitAt(TRICKY, [first, second]))).toEqual(whole);
      }
    }
  });

  it('reads back what csv-stringify writes, in any chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\r', '\n', 'é', '€'), maxLength: 12 });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 6 }), (rows, lineBreak, cuts) => {
        // csv-stringify quotes only the record delimiter it writes. A bare CR or LF must be quoted
        // too, because the parser reads every kind of line break.
        const text = stringify(rows, { record_delimiter: lineBreak, quoted_match: /[\r\n]/ });
        const parsed = parse(splitAt(text, cuts.map((cut) => cut % (text.length + 1))));
        expect(parsed.map((row) => row.fields)).toEqual(rows);
        let line = 1;
        const lines = rows.map((row) => {
          const start = line;
          line += 1 + row.reduce((sum, value) => sum + countLineBreaks(value), 0);
          return start;
        });
        expect(parsed.map((row) => row.line)).toEqual(lines);
        expect(parsed.filter((row) => row.problem !== undefined)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(parse(['a,b"c,d\n'])).toEqual([{ fields: ['a', 'b"c', 'd'], line: 1 }]);
  });

  it('ends a last row that has no line break', () => {
    expect(parse(['a,b\n1,'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', ''], line: 2 },
    ]);
  });

  it('skips physical lines before the first row', () => {
    expect(parse(['meta "x\r\nmore\rh1;h2\n1;2'], { skipLines: 2, delimiter: ';' })).toEqual([
      { fields: ['h1', 'h2'], line: 3 },
      { fields: ['1', '2'], line: 4 },
    ]);
  });

  it('reports an unclosed quote with the field', () => {
    expect(parse(['a,"b\nc'])).toEqual([{ fields: ['a', 'b\nc'], line: 1, problem: { rule: 'unclosed-quote', field: 2 } }]);
  });

  it('reports NUL characters only in the rows holding them', () => {
    expect(parse(['a,b\n\0,c\nd,e\n'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['\0', 'c'], line: 2, problem: { rule: 'nul-character', field: 1 } },
      { fields: ['d', 'e'], line: 3 },
    ]);
  });

  it('reports replacement characters in undecodable chunks only', () => {
    const rows: Row[] = [];
    const parser = new CsvRowParser({
      file: 'test.csv',
      delimiter: ',',
      quote: '"',
      trim: false,
      skipEmptyLines: true,
      skipLines: 0,
      onRow: (fields, line, problem) => rows.push({ fields: [...fields], line, ...(problem === undefined ? {} : { problem }) }),
    });
    parser.push('a,\uFFFD\n', false);
    parser.push('b,\uFFFD\n', true);
    parser.end();
    expect(rows.map((row) => row.problem)).toEqual([undefined, { rule: 'undecodable-bytes', field: 2 }]);
  });

  it('rejects a field longer than the limit', () => {
    const parser = new CsvRowParser({
      file: 'huge.csv',
      delimiter: ',',
      quote: '"',
      trim: false,
      skipEmptyLines: true,
      skipLines: 0,
      onRow: () => undefined,
    });
    parser.push('a,b\n1,"', false);
    const chunk = 'x'.repeat(8 * 1024 * 1024);
    expect(() => {
      for (let index = 0; index < 9; index++) {
        parser.push(chunk, false);
      }
    }).toThrow('huge.csv line 2: field 2 is longer than 67108864 characters; a quote opened there is probably never closed');
  });
});
