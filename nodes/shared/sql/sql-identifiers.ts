/**
 * Table and column names in generated SQL. Names are never interpolated as given: each must be a
 * plain identifier (letters, digits, underscores, at most 63 characters, PostgreSQL's limit) and is
 * written double-quoted, which both SQLite and PostgreSQL read as an identifier.
 */
import { InputError } from '../../../engine/sdk/index.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Returns why `name` cannot be used as an identifier, or undefined when it can. */
export function identifierProblem(name: string, what: string): string | undefined {
  if (IDENTIFIER.test(name)) {
    return undefined;
  }
  return `${what} '${name}' must start with a letter or underscore and contain only letters, digits and underscores, at most 63 characters`;
}

/** Returns the identifier double-quoted. Throws an InputError for a name that is not a plain identifier. */
export function quoteIdentifier(name: string, what = 'identifier'): string {
  const problem = identifierProblem(name, what);
  if (problem !== undefined) {
    throw new InputError(problem);
  }
  return `"${name}"`;
}

/** Returns why a table name (`items` or `schema.items`) cannot be used, or undefined when it can. */
export function tableNameProblem(table: string): string | undefined {
  const parts = table.split('.');
  if (parts.length > 2) {
    return `table '${table}' must be a name or schema.name`;
  }
  for (const part of parts) {
    const problem = identifierProblem(part, 'table name part');
    if (problem !== undefined) {
      return `table '${table}': ${problem}`;
    }
  }
  return undefined;
}

/** Returns `"items"` or `"schema"."items"`. Throws an InputError for an invalid name. */
export function quoteTable(table: string): string {
  const problem = tableNameProblem(table);
  if (problem !== undefined) {
    throw new InputError(problem, { field: 'table' });
  }
  return table
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
}
