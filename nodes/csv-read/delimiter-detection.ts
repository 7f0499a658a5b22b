/**
 * Picks the delimiter of a CSV file from its first lines: the candidate that splits the header
 * into the most fields and keeps the same field count on the lines after it.
 */

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

/** Lines looked at, the header included. */
const SAMPLE_LINES = 10;

/**
 * Returns the delimiter `text` most likely uses. Candidates inside quoted fields do not count.
 * Ranking: most lines whose count equals the header's, then most fields in the header, then the
 * order of {@link DELIMITER_CANDIDATES}. A header with none of them (one column) gives ','.
 * @param text the start of the file.
 * @param skipLines physical lines before the header, left out of the sample.
 */
export function detectDelimiter(text: string, quote: string, skipLines: number): Delimiter {
  const lines = sampleLines(text.slice(startAfterLines(text, skipLines)), quote);
  const header = lines[0];
  if (header === undefined) {
    return ',';
  }
  let best: Delimiter = ',';
  let bestMatching = -1;
  let bestHeaderCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    if (candidate === quote) {
      continue;
    }
    const headerCount = countOutsideQuotes(header, candidate, quote);
    if (headerCount === 0) {
      continue;
    }
    let matching = 0;
    for (let index = 1; index < lines.length; index++) {
      if (countOutsideQuotes(lines[index] as string, candidate, quote) === headerCount) {
        matching++;
      }
    }
    if (matching > bestMatching || (matching === bestMatching && headerCount > bestHeaderCount)) {
      best = candidate;
      bestMatching = matching;
      bestHeaderCount = headerCount;
    }
  }
  return best;
}

/**
 * Returns the field count of each of the first lines of `text` after `skipLines`, split by
 * `delimiter` outside quoted fields, so a caller can see whether the header line fits the rows.
 */
export function sampleFieldCounts(text: string, delimiter: string, quote: string, skipLines: number): number[] {
  return sampleLines(text.slice(startAfterLines(text, skipLines)), quote).map((line) => countOutsideQuotes(line, delimiter, quote) + 1);
}

/**
 * Splits the first complete lines off `text`, keeping line breaks inside quoted fields in their
 * line. A last line without a line break counts only when it is all there is.
 */
function sampleLines(text: string, quote: string): string[] {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < text.length && lines.length < SAMPLE_LINES; index++) {
    const character = text[index];
    if (character === quote && quote !== '') {
      quoted = !quoted;
    } else if (!quoted && (character === '\n' || character === '\r')) {
      const line = text.slice(start, index);
      if (line !== '') {
        lines.push(line);
      }
      start = index + 1;
    }
  }
  if (lines.length === 0 && start < text.length) {
    lines.push(text.slice(start));
  }
  return lines;
}

/** Returns the position after the first `count` line breaks (CRLF, LF or CR) of `text`. */
function startAfterLines(text: string, count: number): number {
  let position = 0;
  for (let skipped = 0; skipped < count && position < text.length; skipped++) {
    const lineFeed = text.indexOf('\n', position);
    const carriageReturn = text.indexOf('\r', position);
    if (lineFeed === -1 && carriageReturn === -1) {
      return text.length;
    }
    if (carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed)) {
      position = text.charCodeAt(carriageReturn + 1) === 0x0a ? carriageReturn + 2 : carriageReturn + 1;
    } else {
      position = lineFeed + 1;
    }
  }
  return position;
}

function countOutsideQuotes(line: string, delimiter: string, quote: string): number {
  let count = 0;
  let quoted = false;
  for (const character of line) {
    if (character === quote && quote !== '') {
      quoted = !quoted;
    } else if (character === delimiter && !quoted) {
      count++;
    }
  }
  return count;
}
