/**
 * Splits X12 text into segments with their line numbers. Each ISA header sets the separators for
 * the segments after it, so files that concatenate interchanges with different separators work.
 *
 * Line breaks carry no meaning in X12 data, and files use them three ways (see {@link LineLayout}).
 * In a stream a line break is a hard wrap and is dropped, even inside an element. When segments
 * sit one per line, a line that does not start like a segment (two or three capitals or digits
 * followed by a separator) continues the previous one; a line that ends without the terminator
 * but is followed by a segment ends there, with a warning, which recovers files whose terminators
 * are mixed.
 */
import { countLineBreaks, isBlank, isLineBreak } from '../edi-common/decode-text.js';
import type { EdiElement, EdiIssue, EdiSegment } from '../edi-common/edi-types.js';
import { describeCharacter, readIsaHeader, type IsaHeader, type LineLayout, type X12Separators } from './x12-header.js';

/** A segment with where it was found. ISA segments carry the header they declared. */
export interface LocatedSegment extends EdiSegment {
  /** 1-based line where the segment starts. */
  line: number;
  /** 1-based position of the segment in the file. */
  filePosition: number;
  header?: IsaHeader;
  /** Recoveries made while reading this segment, such as a missing terminator. */
  warnings?: string[];
}

export interface TokenizeResult {
  segments: LocatedSegment[];
  /** File-level problems: no ISA header, an unreadable header. Reading stops at them. */
  issues: EdiIssue[];
}

/** Characters that files use as terminators; one of them ending a line in place of the declared one is read as a terminator. */
const TERMINATOR_LOOKALIKES = new Set(['~', '!', '$', "'", '`', '|', '\\', '^', '\u2026', '\u0085']);

/** Splits `text` into segments. `text` must not start with a byte order mark. */
export function tokenizeX12(text: string): TokenizeResult {
  const segments: LocatedSegment[] = [];
  const issues: EdiIssue[] = [];
  let index = skipBlanks(text, 0);
  const start = index;
  if (!text.startsWith('ISA', index)) {
    issues.push(fileIssue('not-x12', describeNonX12Start(text, index), countLineBreaks(text, 0, index) + 1));
    return { segments, issues };
  }

  let separators: X12Separators | undefined;
  let layout: LineLayout = 'stream';
  let line = countLineBreaks(text, 0, start) + 1;
  let lineCursor = start;
  const lineAt = (position: number): number => {
    line += countLineBreaks(text, lineCursor, position);
    lineCursor = position;
    return line;
  };

  while (index < text.length) {
    index = skipBlanks(text, index);
    if (index >= text.length) {
      break;
    }
    const segmentLine = lineAt(index);
    if (text.startsWith('ISA', index) && (separators === undefined || text[index + 3] === separators.element || !/[A-Z0-9]/.test(text[index + 3] ?? ''))) {
      const result = readIsaHeader(text, index);
      if ('problem' in result) {
        issues.push(fileIssue('isa-header', `ISA header at line ${segmentLine} cannot be read: ${result.problem}`, segmentLine));
        break;
      }
      const { header } = result;
      separators = header.separators;
      layout = header.layout;
      segments.push({ id: 'ISA', elements: header.elements, line: segmentLine, filePosition: segments.length + 1, header });
      index = header.end;
      continue;
    }
    if (separators === undefined) {
      break;
    }
    const scanned = scanSegment(text, index, separators, layout);
    index = scanned.next;
    if (scanned.raw === '') {
      continue;
    }
    const segment: LocatedSegment = {
      ...splitSegment(scanned.raw, separators),
      line: segmentLine,
      filePosition: segments.length + 1,
    };
    if (scanned.warning !== undefined) {
      segment.warnings = [`line ${segmentLine}: ${scanned.warning}`];
    }
    segments.push(segment);
  }
  return { segments, issues };
}

interface ScannedSegment {
  raw: string;
  next: number;
  warning?: string;
}

/** Reads one segment's text from `start`, applying the line rules of `layout`. */
function scanSegment(text: string, start: number, separators: X12Separators, layout: LineLayout): ScannedSegment {
  const terminator = separators.segment;
  const parts: string[] = [];
  let chunkStart = start;
  let index = start;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === terminator && terminator !== '\n') {
      parts.push(text.slice(chunkStart, index));
      return { raw: parts.join(''), next: index + 1 };
    }
    if (!isLineBreak(char)) {
      index++;
      continue;
    }
    parts.push(text.slice(chunkStart, index));
    const afterBreak = char === '\r' && text[index + 1] === '\n' ? index + 2 : index + 1;
    if (layout === 'stream') {
      index = afterBreak;
      chunkStart = index;
      continue;
    }
    const nextStart = skipBlanks(text, afterBreak);
    if (nextStart >= text.length || startsSegment(text, nextStart, separators)) {
      return finishLine(parts.join(''), afterBreak, separators, layout);
    }
    // A continuation line: keep its blanks (they may be data) but not the line breaks among them.
    parts.push(text.slice(afterBreak, nextStart).replace(/[\r\n]/g, ''));
    index = nextStart;
    chunkStart = index;
  }
  parts.push(text.slice(chunkStart, index));
  const raw = parts.join('');
  if (terminator === '\n' || raw.trim() === '') {
    return { raw: raw.trimEnd(), next: index };
  }
  return { raw, next: index, warning: `the last segment has no terminator ${describeCharacter(terminator)} before the end of the file` };
}

/** Ends a segment at a line break; in a one-segment-per-line file with a terminator character, says what was recovered. */
function finishLine(raw: string, next: number, separators: X12Separators, layout: LineLayout): ScannedSegment {
  if (layout === 'line-terminated') {
    return { raw: raw.trimEnd(), next };
  }
  const trimmed = raw.trimEnd();
  if (trimmed === '') {
    return { raw: '', next };
  }
  const last = trimmed[trimmed.length - 1] as string;
  if (TERMINATOR_LOOKALIKES.has(last) && last !== separators.element && last !== separators.component && last !== separators.repetition) {
    return {
      raw: trimmed.slice(0, -1),
      next,
      warning: `segment ends with '${last}' instead of the terminator ${describeCharacter(separators.segment)}; read '${last}' as the terminator`,
    };
  }
  return { raw: trimmed, next, warning: `segment has no terminator ${describeCharacter(separators.segment)} before the line break; the line break ends it` };
}

/** True when a segment tag (two or three capitals or digits, starting with a capital) followed by a separator starts at `index`. */
function startsSegment(text: string, index: number, separators: X12Separators): boolean {
  if (!/[A-Z]/.test(text[index] ?? '')) {
    return false;
  }
  for (const length of [3, 2]) {
    const tag = text.slice(index, index + length);
    if (!/^[A-Z][A-Z0-9]+$/.test(tag) || tag.length !== length) {
      continue;
    }
    const after = text[index + length];
    if (after === undefined || after === separators.element || after === separators.segment || isLineBreak(after)) {
      return true;
    }
  }
  return false;
}

/** Splits a segment's text into its tag and elements, components and repetitions. */
export function splitSegment(raw: string, separators: X12Separators): EdiSegment {
  const fields = raw.split(separators.element);
  const id = fields[0] as string;
  const elements = fields.slice(1).map((value) => splitElement(value, separators));
  return { id, elements };
}

function splitElement(value: string, separators: X12Separators): EdiElement {
  if (separators.repetition !== '' && value.includes(separators.repetition)) {
    return value.split(separators.repetition).map((repetition) => (separators.component === '' ? [repetition] : repetition.split(separators.component)));
  }
  if (separators.component !== '' && value.includes(separators.component)) {
    return value.split(separators.component);
  }
  return value;
}

function skipBlanks(text: string, index: number): number {
  let position = index;
  while (position < text.length && isBlank(text[position])) {
    position++;
  }
  return position;
}

function fileIssue(rule: string, message: string, line: number): EdiIssue {
  return { severity: 'error', level: 'file', rule, message, line };
}

/** Names what a file that does not start with ISA seems to be. */
function describeNonX12Start(text: string, index: number): string {
  const head = text.slice(index, index + 4);
  if (head.startsWith('UNA') || head.startsWith('UNB')) {
    return `the file starts with ${head.slice(0, 3)}, so it is EDIFACT, not X12; read it with edifact.read`;
  }
  if (head === 'STX=') {
    return 'the file starts with STX=, so it is TRADACOMS, not X12; Flowmason does not read TRADACOMS';
  }
  if (head === '') {
    return 'the file is empty; an X12 interchange starts with an ISA segment';
  }
  return `the file starts with '${text.slice(index, index + 10).replace(/[\r\n]/g, ' ')}' instead of an ISA segment, so it is not an X12 interchange`;
}
