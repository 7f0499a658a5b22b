/** Checks JSONata syntax in the browser, so a mistake is marked while it is typed. */
import jsonata from 'jsonata';

export interface JsonataSyntaxError {
  message: string;
  /** 0-based character offset the parser stopped at. */
  offset: number;
}

/** Returns the first syntax error of `source`, or null when it parses. An empty expression is left to the schema. */
export function checkJsonataSyntax(source: string): JsonataSyntaxError | null {
  if (source.trim() === '') {
    return null;
  }
  try {
    jsonata(source);
    return null;
  } catch (error) {
    const details = error as { message?: string; position?: number };
    const position = typeof details.position === 'number' ? details.position : source.length;
    return { message: details.message ?? String(error), offset: Math.max(0, Math.min(source.length, position - 1)) };
  }
}

/** Converts a 0-based offset into a 1-based line and column. */
export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
