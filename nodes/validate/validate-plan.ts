/**
 * Compiles a validate config once, at check and at create: the JSON Schema with ajv (2020-12,
 * all errors, Flowmason's formats), and each rule into a plain test or a JSONata expression.
 * Every problem is collected with the config field it is on.
 */
import { basename } from 'node:path';
import type { ValidateFunction } from 'ajv';
import {
  addFlowmasonFormats,
  compileSimpleCondition,
  createAjv,
  describeInvalidFieldPath,
  errorMessage,
  readLookupFile,
  simpleOperatorsOf,
  stableStringify,
  type CodeTables,
  type CompiledExpression,
  type ConfigProblem,
  type ExpressionCompiler,
  type LookupInput,
  type RecordTest,
} from '../../engine/sdk/index.js';
import type { ValidateConfig, ValidateRule } from './validate.schema.js';

interface RuleOutcome {
  name: string;
  message: string;
  field?: string;
}

export type PlanRule = (RuleOutcome & { kind: 'plain'; test: RecordTest }) | (RuleOutcome & { kind: 'expression'; expression: CompiledExpression });

export interface ValidatePlan {
  schema?: ValidateFunction;
  rules: PlanRule[];
  /** True when a rule needs JSONata, so records must be checked asynchronously. */
  usesExpressions: boolean;
}

export function planValidate(
  config: ValidateConfig,
  tables: CodeTables,
  expressions: ExpressionCompiler,
  resolvePath: (path: string) => string,
): { plan?: ValidatePlan; problems: ConfigProblem[]; files: LookupInput[] } {
  const problems: ConfigProblem[] = [];
  const files: LookupInput[] = [];
  if (config.schema !== undefined && config.schemaFile !== undefined) {
    problems.push({ field: 'schemaFile', message: 'set either schema or schemaFile, not both' });
  }
  if (config.schema === undefined && config.schemaFile === undefined && (config.rules ?? []).length === 0) {
    problems.push({ field: '', message: 'set a schema, a schemaFile or at least one rule; without them every record passes' });
  }
  const schema = compileSchema(config, resolvePath, problems, files);
  const rules: PlanRule[] = [];
  const firstIndex = new Map<string, number>();
  (config.rules ?? []).forEach((rule, index) => {
    const earlier = firstIndex.get(rule.name);
    if (earlier === undefined) {
      firstIndex.set(rule.name, index);
    } else {
      problems.push({ field: `rules.${index}.name`, message: `'${rule.name}' is also the name of rules.${earlier}; give each rule its own name` });
    }
    const planned = planRule(rule, `rules.${index}`, tables, expressions, problems);
    if (planned !== undefined) {
      rules.push(planned);
    }
  });
  if (problems.length > 0) {
    return { problems, files };
  }
  return { plan: { ...(schema === undefined ? {} : { schema }), rules, usesExpressions: rules.some((rule) => rule.kind === 'expression') }, problems, files };
}

function compileSchema(config: ValidateConfig, resolvePath: (path: string) => string, problems: ConfigProblem[], files: LookupInput[]): ValidateFunction | undefined {
  let schema: unknown = config.schema;
  let field = 'schema';
  let where = '';
  if (config.schemaFile !== undefined) {
    const path = resolvePath(config.schemaFile);
    field = 'schemaFile';
    where = ` in ${basename(path)}`;
    try {
      const read = readLookupFile(path);
      files.push(read.input);
      schema = JSON.parse(read.text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : errorMessage(error);
      problems.push({ field, message: `cannot read JSON Schema from ${path}: ${reason}` });
      return undefined;
    }
  }
  if (schema === undefined) {
    return undefined;
  }
  try {
    return compileCached(schema as object);
  } catch (error) {
    problems.push({ field, message: `invalid JSON Schema${where}: ${errorMessage(error)}` });
    return undefined;
  }
}

/** Compiled schemas by their canonical text, so validating a flow while it is drawn does not recompile unchanged schemas. */
const compiledSchemas = new Map<string, ValidateFunction>();
const COMPILED_SCHEMA_LIMIT = 500;

/**
 * Compiles a schema with its own ajv instance (so two schemas with the same `$id` never clash),
 * reusing the result for a schema with the same text. The compiled function keeps no state
 * between calls other than `errors`, which each caller reads right after validating.
 */
function compileCached(schema: object): ValidateFunction {
  const text = stableStringify(schema);
  const cached = compiledSchemas.get(text);
  if (cached !== undefined) {
    return cached;
  }
  const compiled = addFlowmasonFormats(createAjv()).compile(schema);
  if (compiledSchemas.size >= COMPILED_SCHEMA_LIMIT) {
    compiledSchemas.delete(compiledSchemas.keys().next().value as string);
  }
  compiledSchemas.set(text, compiled);
  return compiled;
}

function planRule(rule: ValidateRule, at: string, tables: CodeTables, expressions: ExpressionCompiler, problems: ConfigProblem[]): PlanRule | undefined {
  const outcome: RuleOutcome = { name: rule.name, message: rule.message, ...(rule.field === undefined ? {} : { field: rule.field }) };
  const operators = simpleOperatorsOf(rule);
  if (rule.expression !== undefined && operators.length > 0) {
    problems.push({ field: at, message: `sets expression and ${operators.join(' and ')}; a rule has either an expression or one of equals, in, matches, inTable` });
    return undefined;
  }
  if (rule.field !== undefined) {
    const fieldProblem = describeInvalidFieldPath(rule.field);
    if (fieldProblem !== undefined) {
      problems.push({ field: `${at}.field`, message: fieldProblem });
      return undefined;
    }
  }
  if (rule.expression !== undefined) {
    try {
      return { ...outcome, kind: 'expression', expression: expressions.compile(rule.expression, { codeTables: tables }) };
    } catch (error) {
      problems.push({ field: `${at}.expression`, message: errorMessage(error) });
      return undefined;
    }
  }
  if (operators.length === 0) {
    problems.push({ field: at, message: 'needs an expression, or a field with one of equals, in, matches, inTable' });
    return undefined;
  }
  const { test, problems: conditionProblems } = compileSimpleCondition(rule, tables);
  for (const problem of conditionProblems) {
    problems.push({ field: problem.field === '' ? at : `${at}.${problem.field}`, message: problem.message });
  }
  return test === undefined ? undefined : { ...outcome, kind: 'plain', test };
}
