/**
 * Named parameters (`:since`, `:sku`) in user SQL, rewritten to the driver's placeholders so that
 * values always travel separately from the statement text. String literals, quoted identifiers,
 * comments, PostgreSQL dollar-quoted strings and `::` casts are skipped, so `'10:30'` and
 * `price::numeric` are left alone.
 */

export type PlaceholderStyle = 'question' | 'numbered';

export interface CompiledStatement {
  /** The statement with `?` (SQLite) or `$1`, `$2` (PostgreSQL) in place of the names. */
  text: string;
  /** Parameter name for each placeholder position. */
  names: string[];
}

/** Names of the parameters a statement uses, in order of first use. */
export function parameterNames(sql: string): string[] {
  return [...new Set(compileNamedParameters(sql, 'numbered').names)];
}

/**
 * Rewrites named parameters. `question` puts a `?` at each occurrence (a name used twice is bound
 * twice); `numbered` gives each distinct name one `$n`.
 */
export function compileNamedParameters(sql: string, style: PlaceholderStyle): CompiledStatement {
  const names: string[] = [];
  let text = '';
  let index = 0;
  while (index < sql.length) {
    const skipped = skipNonCode(sql, index);
    if (skipped > index) {
      text += sql.slice(index, skipped);
      index = skipped;
      continue;
    }
    const char = sql[index] as string;
    if (char === ':' && sql[index + 1] === ':') {
      text += '::';
      index += 2;
      continue;
    }
    const name = char === ':' ? /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(index + 1))?.[0] : undefined;
    if (name === undefined) {
      text += char;
      index++;
      continue;
    }
    if (style === 'question') {
      names.push(name);
      text += '?';
    } else {
      let position = names.indexOf(name);
      if (position === -1) {
        names.push(name);
        position = names.length - 1;
      }
      text += `$${position + 1}`;
    }
    index += name.length + 1;
  }
  return { text, names };
}

/** Returns the index after a literal, quoted identifier or comment starting at `index`, or `index` when none starts there. */
function skipNonCode(sql: string, index: number): number {
  const char = sql[index];
  if (char === "'" || char === '"') {
    // A doubled quote inside the literal is an escaped quote; the scan simply continues past it.
    let end = index + 1;
    for (;;) {
      const close = sql.indexOf(char, end);
      if (close === -1) {
        return sql.length;
      }
      if (sql[close + 1] === char) {
        end = close + 2;
        continue;
      }
      return close + 1;
    }
  }
  if (char === '-' && sql[index + 1] === '-') {
    const newline = sql.indexOf('\n', index);
    return newline === -1 ? sql.length : newline + 1;
  }
  if (char === '/' && sql[index + 1] === '*') {
    const close = sql.indexOf('*/', index + 2);
    return close === -1 ? sql.length : close + 2;
  }
  if (char === '$') {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(index))?.[0];
    if (tag !== undefined) {
      const close = sql.indexOf(tag, index + tag.length);
      return close === -1 ? sql.length : close + tag.length;
    }
  }
  return index;
}
