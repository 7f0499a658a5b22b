/**
 * File name patterns of the folder watch, in the glob syntax shells use: `*` matches any run of
 * characters, `?` one character, `[abc]` or `[a-z]` one of a set (`[!abc]` one not in it), and
 * `{edi,x12}` one of several alternatives. A pattern matches the whole file name.
 */

/** Compiles a pattern into a test of file names, or returns why the pattern is invalid. */
export function compileFilePattern(pattern: string): ((fileName: string) => boolean) | { error: string } {
  if (pattern.includes('/') || pattern.includes('\\')) {
    return { error: `pattern '${pattern}' contains a path separator; it matches file names in the folder, such as *.edi` };
  }
  let source = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 2);
      if (end === -1) {
        return { error: `pattern '${pattern}' opens '[' at position ${index + 1} without a closing ']'` };
      }
      let set = pattern.slice(index + 1, end);
      const negated = set.startsWith('!') || set.startsWith('^');
      if (negated) {
        set = set.slice(1);
      }
      source += `[${negated ? '^' : ''}${set.replace(/[\\\]^]/g, (special) => `\\${special}`)}]`;
      index = end;
    } else if (char === '{') {
      braceDepth++;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\]/g, (special) => `\\${special}`);
    }
  }
  if (braceDepth > 0) {
    return { error: `pattern '${pattern}' opens '{' without a closing '}'` };
  }
  let expression: RegExp;
  try {
    expression = new RegExp(`^${source}$`, 'u');
  } catch (error) {
    return { error: `pattern '${pattern}' is invalid: ${(error as Error).message}` };
  }
  return (fileName) => expression.test(fileName);
}
