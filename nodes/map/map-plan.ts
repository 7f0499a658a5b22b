/**
 * Compiles a map config once, at check and at create, into steps: plain synchronous functions for
 * copies, constants, casts and lookups, and compiled JSONata for expression fields. Every problem
 * is collected with the config field it is on, so `check` and `create` report the same list.
 */
import {
  codeText,
  compileFieldReader,
  describeInvalidFieldPath,
  describeTableNames,
  InputError,
  splitFieldPath,
  type CodeTables,
  type CompiledExpression,
  type ConfigProblem,
  type ExpressionCompiler,
  type FieldReader,
  type RecordData,
} from '../../engine/sdk/index.js';
import { compileCast } from './casts.js';
import type { MapConfig, MapField, MapKey } from './map.schema.js';

/** A field computed without JSONata. `compute` throws an InputError when the record's value does not fit. */
export interface PlainStep {
  kind: 'plain';
  target: string;
  segments: string[];
  compute(data: RecordData): unknown;
}

export interface ExpressionStep {
  kind: 'expression';
  target: string;
  segments: string[];
  expression: CompiledExpression;
}

export type FieldStep = PlainStep | ExpressionStep;

export type KeyStep = { kind: 'plain'; source: string; read: FieldReader } | { kind: 'expression'; expression: CompiledExpression };

export interface MapPlan {
  steps: FieldStep[];
  keepUnmapped: boolean;
  /** Top-level input fields that a `source` names exactly; `keepUnmapped` leaves them out. */
  mappedInputFields: ReadonlySet<string>;
  key?: KeyStep;
  /** True when any field or the key needs JSONata, so records must be mapped asynchronously. */
  usesExpressions: boolean;
}

const FIELD_KINDS = ['source', 'value', 'expression'] as const;

export function planMap(config: MapConfig, tables: CodeTables, expressions: ExpressionCompiler): { plan?: MapPlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const steps: FieldStep[] = [];
  const mappedInputFields = new Set<string>();
  config.fields.forEach((field, index) => {
    const step = planField(field, `fields.${index}`, tables, expressions, problems);
    if (step !== undefined) {
      steps.push(step);
    }
    if (field.source !== undefined && !field.source.includes('.')) {
      mappedInputFields.add(field.source);
    }
  });
  checkTargets(config.fields, problems);
  const key = config.key === undefined ? undefined : planKey(config.key, tables, expressions, problems);
  if (problems.length > 0) {
    return { problems };
  }
  return {
    plan: {
      steps,
      keepUnmapped: config.keepUnmapped ?? false,
      mappedInputFields,
      ...(key === undefined ? {} : { key }),
      usesExpressions: steps.some((step) => step.kind === 'expression') || key?.kind === 'expression',
    },
    problems,
  };
}

function planField(field: MapField, at: string, tables: CodeTables, expressions: ExpressionCompiler, problems: ConfigProblem[]): FieldStep | undefined {
  const before = problems.length;
  const targetProblem = describeInvalidFieldPath(field.target);
  if (targetProblem !== undefined) {
    problems.push({ field: `${at}.target`, message: targetProblem });
  }

  const kinds = FIELD_KINDS.filter((kind) => Object.prototype.hasOwnProperty.call(field, kind));
  if (kinds.length !== 1) {
    problems.push({
      field: at,
      message: kinds.length === 0 ? 'needs one of source, value or expression' : `sets ${kinds.join(' and ')}; set exactly one of source, value or expression`,
    });
    return undefined;
  }

  const onlyWithSource = (['type', 'trim', 'lookup', 'default', 'decimalSeparator'] as const).filter((setting) => field[setting] !== undefined);
  if (field.source === undefined) {
    for (const setting of onlyWithSource) {
      problems.push({ field: `${at}.${setting}`, message: `applies only to a field with a source` });
    }
  } else {
    checkSourceSettings(field, at, problems);
  }

  const segments = splitFieldPath(field.target);
  if (field.expression !== undefined) {
    const expression = compileExpression(field.expression, `${at}.expression`, tables, expressions, problems);
    return expression === undefined || problems.length > before ? undefined : { kind: 'expression', target: field.target, segments, expression };
  }
  if (problems.length > before) {
    return undefined;
  }

  if (field.source === undefined) {
    const constant = field.value;
    return { kind: 'plain', target: field.target, segments, compute: () => constant };
  }
  return { kind: 'plain', target: field.target, segments, compute: compileSourceField(field, field.source, tables, at, problems) };
}

function checkSourceSettings(field: MapField, at: string, problems: ConfigProblem[]): void {
  const sourceProblem = describeInvalidFieldPath(field.source ?? '');
  if (sourceProblem !== undefined) {
    problems.push({ field: `${at}.source`, message: sourceProblem });
  }
  if (field.type !== undefined && field.lookup !== undefined) {
    problems.push({ field: at, message: 'sets both type and lookup; set one of them' });
  }
  if (field.decimalSeparator !== undefined && field.type !== 'number' && field.type !== 'integer') {
    problems.push({ field: `${at}.decimalSeparator`, message: 'applies only to type number or integer' });
  }
  if (field.default !== undefined && field.lookup === undefined) {
    problems.push({ field: `${at}.default`, message: 'applies only to a lookup field' });
  }
}

/** Compiles a copy, cast or lookup of `source` into a function of the record data. */
function compileSourceField(field: MapField, source: string, tables: CodeTables, at: string, problems: ConfigProblem[]): (data: RecordData) => unknown {
  const read = compileFieldReader(source);
  const trim = field.trim === true;
  const readValue = trim ? (data: RecordData) => trimText(read(data)) : read;
  const fail = (value: unknown, problem: string): InputError =>
    new InputError(`field '${field.target}': ${describeValue(value)} ${problem} (source '${source}')`, { field: field.target });

  if (field.type !== undefined) {
    const cast = compileCast(field.type, field.decimalSeparator);
    return (data) => {
      const value = readValue(data);
      const result = cast(value);
      if ('problem' in result) {
        throw fail(value, result.problem);
      }
      return result.value;
    };
  }
  if (field.lookup !== undefined) {
    const tableName = field.lookup;
    const table = tables.get(tableName);
    if (table === undefined) {
      problems.push({ field: `${at}.lookup`, message: `code table '${tableName}' is not defined; ${describeTableNames(tables)}` });
      return () => undefined;
    }
    const hasDefault = field.default !== undefined;
    const fallback = field.default;
    return (data) => {
      const value = readValue(data);
      if (value === undefined || value === null || value === '') {
        return value === '' ? undefined : value;
      }
      const code = codeText(value);
      if (code === undefined) {
        throw fail(value, `is not a code that can be looked up in code table '${tableName}'`);
      }
      const found = table.get(code);
      if (found !== undefined) {
        return found;
      }
      if (hasDefault) {
        return fallback;
      }
      throw fail(value, `is not in code table '${tableName}'`);
    };
  }
  return readValue;
}

function planKey(key: MapKey, tables: CodeTables, expressions: ExpressionCompiler, problems: ConfigProblem[]): KeyStep | undefined {
  if ((key.source === undefined) === (key.expression === undefined)) {
    problems.push({ field: 'key', message: 'set exactly one of source or expression' });
    return undefined;
  }
  if (key.source !== undefined) {
    const sourceProblem = describeInvalidFieldPath(key.source);
    if (sourceProblem !== undefined) {
      problems.push({ field: 'key.source', message: sourceProblem });
      return undefined;
    }
    return { kind: 'plain', source: key.source, read: compileFieldReader(key.source) };
  }
  const expression = compileExpression(key.expression ?? '', 'key.expression', tables, expressions, problems);
  return expression === undefined ? undefined : { kind: 'expression', expression };
}

function compileExpression(
  source: string,
  at: string,
  tables: CodeTables,
  expressions: ExpressionCompiler,
  problems: ConfigProblem[],
): CompiledExpression | undefined {
  try {
    return expressions.compile(source, { codeTables: tables });
  } catch (error) {
    problems.push({ field: at, message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

/** Reports targets set twice, and targets inside another target (`weight` and `weight.net`). */
function checkTargets(fields: readonly MapField[], problems: ConfigProblem[]): void {
  const firstIndex = new Map<string, number>();
  fields.forEach((field, index) => {
    const earlier = firstIndex.get(field.target);
    if (earlier !== undefined) {
      problems.push({ field: `fields.${index}.target`, message: `'${field.target}' is already set by fields.${earlier}` });
      return;
    }
    firstIndex.set(field.target, index);
  });
  fields.forEach((field, index) => {
    const segments = splitFieldPath(field.target);
    for (let length = 1; length < segments.length; length++) {
      const parent = segments.slice(0, length).join('.');
      const parentIndex = firstIndex.get(parent);
      if (parentIndex !== undefined) {
        problems.push({ field: `fields.${index}.target`, message: `'${field.target}' is inside '${parent}', which fields.${parentIndex} sets as a whole` });
      }
    }
  });
}

function trimText(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/** Shows a record value in a message: text in single quotes, anything else as JSON, cut at 60 characters. */
export function describeValue(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
