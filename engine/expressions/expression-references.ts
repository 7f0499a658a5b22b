/**
 * Static checks on a parsed JSONata expression, so `flowmason validate` and the designer report a
 * misspelt function or an unknown code table before a run instead of on every record.
 */
import type jsonata from 'jsonata';
import type { CodeTables } from '../sdk/node-kind.js';
import { describeTableNames } from './code-tables.js';
import { describePosition } from './expression-errors.js';
import { FLOWMASON_FUNCTION_NAMES } from './function-library.js';

/** JSONata 2.x built-in functions, as bound in its static frame, plus `$now` and `$millis`. */
const JSONATA_FUNCTIONS = [
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase',
  'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join', 'formatNumber', 'formatBase', 'formatInteger',
  'parseInteger', 'number', 'floor', 'ceil', 'round', 'abs', 'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip',
  'filter', 'single', 'reduce', 'sift', 'keys', 'lookup', 'append', 'exists', 'spread', 'merge', 'reverse', 'each', 'error',
  'assert', 'type', 'sort', 'shuffle', 'distinct', 'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl',
  'decodeUrlComponent', 'decodeUrl', 'eval', 'toMillis', 'fromMillis', 'clone', 'now', 'millis',
];

/** Variables bound from the record envelope and the flow. */
export const EXPRESSION_VARIABLES = ['key', 'origin', 'errors', 'params'] as const;

/** Every name an expression may use without binding it: `$` (''), `$$` ('$'), the variables and the functions. */
const KNOWN_NAMES = new Set<string>(['', '$', ...EXPRESSION_VARIABLES, ...JSONATA_FUNCTIONS, ...FLOWMASON_FUNCTION_NAMES]);

const TABLE_FUNCTIONS = new Set(['lookup', 'inTable']);

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  procedure?: AstNode;
  arguments?: AstNode[];
  lhs?: AstNode;
  focus?: string;
  index?: string;
}

/**
 * Finds variables and functions the expression uses without defining them, and code tables named
 * by a literal in `$lookup('name', ...)` or `$inTable('name', ...)` that `tables` lacks. Names
 * bound anywhere in the expression (`$x := ...`, lambda parameters, `@$v`, `#$i`) count as
 * defined everywhere in it; JSONata itself reports a name used outside its block only at run time.
 * Each message gives the column where the reference starts.
 */
export function findReferenceProblems(source: string, ast: jsonata.ExprNode, tables: CodeTables): string[] {
  const nodes = collectNodes(ast);
  const bound = new Set<string>();
  for (const node of nodes) {
    if (node.type === 'bind' && node.lhs?.type === 'variable' && typeof node.lhs.value === 'string') {
      bound.add(node.lhs.value);
    }
    if (node.type === 'lambda') {
      for (const argument of node.arguments ?? []) {
        if (typeof argument.value === 'string') {
          bound.add(argument.value);
        }
      }
    }
    if (typeof node.focus === 'string') {
      bound.add(node.focus);
    }
    if (typeof node.index === 'string') {
      bound.add(node.index);
    }
  }

  const problems: string[] = [];
  // JSONata positions point at the last character of a token; `$` and quotes are part of it.
  const at = (node: AstNode, length: number): string => (node.position === undefined ? '' : ` at ${describePosition(source, node.position - length + 1)}`);
  const calls = new Set<AstNode>();
  for (const node of nodes) {
    if ((node.type === 'function' || node.type === 'partial') && node.procedure?.type === 'variable') {
      calls.add(node.procedure);
      const name = String(node.procedure.value);
      if (!KNOWN_NAMES.has(name) && !bound.has(name)) {
        problems.push(`unknown function $${name}${at(node.procedure, name.length + 1)}${suggestion(name)}`);
      } else if (TABLE_FUNCTIONS.has(name) && !bound.has(name)) {
        const tableArgument = node.arguments?.[0];
        if (tableArgument?.type === 'string' && typeof tableArgument.value === 'string' && !tables.has(tableArgument.value)) {
          problems.push(`code table '${tableArgument.value}'${at(tableArgument, tableArgument.value.length + 2)} is not defined; ${describeTableNames(tables)}`);
        }
      }
    }
  }
  for (const node of nodes) {
    if (node.type === 'variable' && !calls.has(node) && typeof node.value === 'string' && !KNOWN_NAMES.has(node.value) && !bound.has(node.value)) {
      problems.push(
        `unknown variable $${node.value}${at(node, node.value.length + 1)}; expressions see $key, $origin, $errors, $params, variables they bind, and functions${suggestion(node.value)}`,
      );
    }
  }
  return problems;
}

/** Walks every object in the AST once; JSONata's processed AST may share nodes between places. */
function collectNodes(root: unknown): AstNode[] {
  const seen = new Set<object>();
  const nodes: AstNode[] = [];
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) {
      return;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    nodes.push(value);
    Object.values(value).forEach(visit);
  };
  visit(root);
  return nodes;
}

/** Suggests a known name that differs only in letter case, the usual slip: `$gtinvalid` for `$gtinValid`. */
function suggestion(name: string): string {
  const lower = name.toLowerCase();
  const match = [...KNOWN_NAMES].find((known) => known.toLowerCase() === lower);
  return match === undefined ? '' : `; did you mean $${match}?`;
}
