import { describe, expect, it } from 'vitest';
import { InputError, InternalError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import { createExpressionCompiler, DEFAULT_EXPRESSION_LIMITS } from './expression-compiler.js';

const record: FlowRecord = {
  key: '10-4471',
  origin: { node: 'read-items', file: '/data/items.csv', line: 14, index: 12 },
  data: { sku: '10-4471', weight: 1.5, lines: [{ qty: 2 }, { qty: 3 }] },
  errors: [{ field: 'uom', rule: 'required', message: "'uom' is required", node: 'check' }],
};

const compiler = createExpressionCompiler({ params: { country: 'DE', threshold: 10 } });

async function evaluate(source: string, on: FlowRecord = record): Promise<unknown> {
  return compiler.compile(source).evaluate(on);
}

async function failure(source: string, options: Parameters<typeof compiler.compile>[1] = {}, on: FlowRecord = record, using = compiler): Promise<Error> {
  try {
    await using.compile(source, options).evaluate(on);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected '${source}' to fail`);
}

function compileError(source: string, options: Parameters<typeof compiler.compile>[1] = {}): Error {
  try {
    compiler.compile(source, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected '${source}' not to compile`);
}

describe('expression bindings', () => {
  it('sees the data as $ and the envelope as variables', async () => {
    expect(await evaluate('sku')).toBe('10-4471');
    expect(await evaluate('$key')).toBe('10-4471');
    expect(await evaluate('$origin.line')).toBe(14);
    expect(await evaluate('$errors[0].rule')).toBe('required');
    expect(await evaluate('$params.country & "-" & $string($params.threshold)')).toBe('DE-10');
  });

  it('gives an empty $errors list to records without errors', async () => {
    expect(await evaluate('$count($errors)', { ...record, errors: undefined })).toBe(0);
  });

  it('returns sequences as plain arrays', async () => {
    const result = await evaluate('lines.qty');
    expect(result).toEqual([2, 3]);
    expect(Object.keys(result as object)).toEqual(['0', '1']);
    expect(await evaluate('{"quantities": lines.qty}')).toEqual({ quantities: [2, 3] });
  });

  it('does not change the record it reads', async () => {
    const before = JSON.stringify(record);
    await evaluate('$ ~> | lines | {"qty": 0} |');
    expect(JSON.stringify(record)).toBe(before);
  });
});

describe('expression sandbox', () => {
  it.each(['constructor', 'sku.constructor', '$.__proto__', 'lines.length', '$lookup($, "constructor")', 'process', 'globalThis', '$process', 'require'])(
    'finds nothing of the process through %s',
    async (source) => {
      const compiled = (() => {
        try {
          return compiler.compile(source);
        } catch (error) {
          return error as Error;
        }
      })();
      if (compiled instanceof Error) {
        expect(compiled.message).toMatch(/^unknown variable/);
        return;
      }
      expect(await compiled.evaluate(record)).toBeUndefined();
    },
  );

  it('rejects a function as a result', async () => {
    const error = await failure('function($x) { $x }');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe("expression 'function($x) { $x }' returned a function; it must return data such as text, a number or an object");
    expect((await failure('{"f": $uppercase}')).message).toMatch(/returned a function/);
  });
});

describe('expression limits', () => {
  const quick = createExpressionCompiler({ params: {}, limits: { timeoutMs: 100 } });

  it('stops a loop that never ends with a timeout naming the expression and the limit', async () => {
    const error = await failure('($loop := function($n) { $loop($n + 1) }; $loop(0))', {}, record, quick);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "expression '($loop := function($n) { $loop($n + 1) }; $loop(0))' did not finish within its time limit of 100 ms; look for a loop or recursion that never ends",
    );
  });

  it('stops work over a huge range', async () => {
    const error = await failure('$sum([1..999999].$sum([1..999]))', {}, record, quick);
    expect(error.message).toMatch(/did not finish within its time limit of 100 ms/);
  });

  it('takes a per-expression time limit from compile', async () => {
    const error = await failure('($loop := function($n) { $loop($n + 1) }; $loop(0))', { timeoutMs: 30 });
    expect(error.message).toMatch(/time limit of 30 ms/);
  });

  it('stops recursion past the depth limit', async () => {
    const error = await failure('($deep := function($n) { 1 + $deep($n + 1) }; $deep(0))');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `expression '($deep := function($n) { 1 + $deep($n + 1) }; $deep(0))' went deeper than ${DEFAULT_EXPRESSION_LIMITS.maxDepth} nested evaluation steps; look for a recursive function that never stops`,
    );
  });

  it('allows recursion well inside the depth limit', async () => {
    expect(await evaluate('($count := function($n) { $n = 0 ? 0 : 1 + $count($n - 1) }; $count(500))')).toBe(500);
  });

  it('rejects a range longer than the sequence limit before building it', async () => {
    const error = await failure('$count([1..5000000])');
    expect(error.message).toBe("expression '$count([1..5000000])' built a sequence longer than the limit of 1000000 items");
  });

  it('applies the limits inside $eval', async () => {
    const error = await failure('$eval("($f := function($n) { $f($n + 1) }; $f(0))")', {}, record, quick);
    expect(error.message).toMatch(/did not finish within its time limit of 100 ms/);
  });

  it('keeps separate clocks for expressions evaluated one after another', async () => {
    const compiled = quick.compile('$sum(lines.qty)');
    for (let round = 0; round < 3; round++) {
      expect(await compiled.evaluate(record)).toBe(5);
    }
  });

  it('rejects limits that are not positive integers', () => {
    expect(() => createExpressionCompiler({ params: {}, limits: { timeoutMs: 0 } })).toThrow(InternalError);
    expect(() => compiler.compile('1', { timeoutMs: 1.5 })).toThrow('expression limit timeoutMs must be a positive integer; got 1.5');
  });
});

describe('expression errors', () => {
  it('reports a syntax error with its column', () => {
    const error = compileError('sku & (weight');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('invalid JSONata at column 13: Expected ")" before end of expression');
  });

  it('reports line and column in an expression of several lines', () => {
    expect(compileError('(\n  $a := 1;\n  $a +\n)').message).toBe('invalid JSONata at line 4 column 1: The symbol ")" cannot be used as a unary operator');
  });

  it('rejects an empty expression', () => {
    expect(compileError('  ').message).toBe('the expression is empty');
  });

  it('reports unknown functions with a suggestion', () => {
    expect(compileError('$gtinvalid(gtin)').message).toBe('unknown function $gtinvalid at column 1; did you mean $gtinValid?');
    expect(compileError('$uppercase(name) & $frobnicate(sku)').message).toBe('unknown function $frobnicate at column 20');
  });

  it('reports unknown variables', () => {
    expect(compileError('sku & $country').message).toBe(
      'unknown variable $country at column 7; expressions see $key, $origin, $errors, $params, variables they bind, and functions',
    );
  });

  it('accepts variables the expression binds', () => {
    expect(() => compiler.compile('($w := weight; lines@$l#$i.{"n": $i, "q": $l.qty, "w": $w})')).not.toThrow();
    expect(() => compiler.compile('$map(lines, function($line, $index) { $line.qty * $index })')).not.toThrow();
  });

  it('reports a code table the node does not define', () => {
    const tables = new Map([['uom', new Map([['EA', 'each']])]]);
    expect(compileError('$lookup("units", unit)', { codeTables: tables }).message).toBe("code table 'units' at column 9 is not defined; the node defines: uom");
    expect(() => compiler.compile('$lookup("uom", unit)', { codeTables: tables })).not.toThrow();
  });

  it('names the expression and column when a function fails on a record', async () => {
    const error = await failure('$uomConvert(weight, "KGM", "MTR")');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      "expression '$uomConvert(weight, \"KGM\", \"MTR\")' failed at column 12: cannot convert KGM (mass) to MTR (length): the units measure different things",
    );
  });

  it('turns JSONata type errors into input errors', async () => {
    const error = await failure('sku + 1');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^expression 'sku \+ 1' failed at column 5: The left side of the "\+" operator must evaluate to a number/);
  });

  it('passes $error messages through', async () => {
    const error = await failure('weight > 1 ? $error("too heavy for parcel service") : "ok"');
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('expression \'weight > 1 ? $error("too heavy for parcel service") : "ok"\' failed at column 20: too heavy for parcel service');
  });

  it('shortens long expressions in messages', async () => {
    const source = `sku + ${'1 + '.repeat(40)}1`;
    const error = await failure(source);
    expect(error.message).toMatch(/^expression 'sku \+ 1 \+ 1 .{60,}…' failed/);
  });
});
