/**
 * Conditions on one field that need no JSONata: `equals`, `in`, `matches` and `inTable`. Route
 * and validate nodes compile them into plain synchronous tests, so a batch that uses only these
 * costs no promise per record.
 */
import { Type } from '@sinclair/typebox';
import type { RecordData } from '../records.js';
import type { CodeTables, ConfigProblem } from '../sdk/node-kind.js';
import { codeText, describeTableNames } from './code-tables.js';
import { compileFieldReader, describeInvalidFieldPath } from './field-path.js';

export const ScalarSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export type Scalar = string | number | boolean | null;

/** The operators of a simple condition; a condition sets exactly one of them. */
export const SIMPLE_OPERATORS = ['equals', 'in', 'matches', 'inTable'] as const;
export type SimpleOperator = (typeof SIMPLE_OPERATORS)[number];

/** The settings of a simple condition as they appear in node config. */
export interface SimpleConditionSpec {
  field?: string;
  equals?: Scalar;
  in?: Scalar[];
  matches?: string;
  inTable?: string;
}

export type RecordTest = (data: RecordData) => boolean;

/** Returns the operators a spec sets, in {@link SIMPLE_OPERATORS} order. */
export function simpleOperatorsOf(spec: SimpleConditionSpec): SimpleOperator[] {
  return SIMPLE_OPERATORS.filter((operator) => spec[operator] !== undefined);
}

/**
 * Compiles a spec with a `field` and exactly one operator into a test. Problems name the setting
 * relative to the spec (`field`, `matches`, `inTable`); the test is undefined when there are any.
 *
 * Values compare as scalars: a number equals a string when the string is how JSON writes that
 * number (`10` equals `"10"`, not `"10.0"`), and likewise for booleans, because CSV and EDI
 * deliver every value as text. Arrays and objects equal nothing. `matches` tests strings,
 * numbers and booleans against a JavaScript regular expression, unanchored unless the pattern
 * starts with `^` and ends with `$`.
 */
export function compileSimpleCondition(spec: SimpleConditionSpec, tables: CodeTables): { test?: RecordTest; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (spec.field === undefined) {
    problems.push({ field: 'field', message: `is required with ${simpleOperatorsOf(spec).join(', ') || 'a simple condition'}` });
    return { problems };
  }
  const pathProblem = describeInvalidFieldPath(spec.field);
  if (pathProblem !== undefined) {
    problems.push({ field: 'field', message: pathProblem });
  }
  const operators = simpleOperatorsOf(spec);
  if (operators.length !== 1) {
    problems.push({
      field: '',
      message: operators.length === 0 ? `needs one of ${SIMPLE_OPERATORS.join(', ')}` : `sets ${operators.join(' and ')}; set only one of ${SIMPLE_OPERATORS.join(', ')}`,
    });
    return { problems };
  }
  const read = compileFieldReader(spec.field);
  const valueTest = compileValueTest(spec, tables, problems);
  if (problems.length > 0 || valueTest === undefined) {
    return { problems };
  }
  return { test: (data) => valueTest(read(data)), problems };
}

function compileValueTest(spec: SimpleConditionSpec, tables: CodeTables, problems: ConfigProblem[]): ((value: unknown) => boolean) | undefined {
  if (spec.equals !== undefined) {
    const expected = spec.equals;
    return (value) => scalarEquals(value, expected);
  }
  if (spec.in !== undefined) {
    const allowed = spec.in;
    return (value) => allowed.some((candidate) => scalarEquals(value, candidate));
  }
  if (spec.matches !== undefined) {
    let pattern: RegExp;
    try {
      // NOTE: a pattern with nested quantifiers such as (a+)+ can backtrack for minutes on a long
      // value, and nothing in the process interrupts a running match.
      pattern = new RegExp(spec.matches, 'u');
    } catch (error) {
      problems.push({ field: 'matches', message: `invalid regular expression: ${(error as Error).message}` });
      return undefined;
    }
    return (value) => {
      const text = codeText(value);
      return text !== undefined && pattern.test(text);
    };
  }
  if (spec.inTable !== undefined) {
    const table = tables.get(spec.inTable);
    if (table === undefined) {
      problems.push({ field: 'inTable', message: `code table '${spec.inTable}' is not defined; ${describeTableNames(tables)}` });
      return undefined;
    }
    return (value) => {
      const text = codeText(value);
      return text !== undefined && table.has(text);
    };
  }
  return undefined;
}

/** Compares a record value with a scalar from config; see {@link compileSimpleCondition}. */
export function scalarEquals(value: unknown, expected: Scalar): boolean {
  if (value === expected) {
    return true;
  }
  if (value === null || expected === null || typeof value === 'object') {
    return false;
  }
  const text = codeText(value);
  return text !== undefined && text === String(expected);
}
