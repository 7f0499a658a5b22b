/**
 * Splits EDIFACT text into segments. The UNA service string advice, when present, declares the
 * component separator, element separator, decimal mark, release character, repetition separator
 * and segment terminator. Before syntax version 4 the repetition position is reserved and usually
 * a space. Without UNA the defaults `:+.? '` apply.
 *
 * The release character makes the next character literal: `?'`, `?+`, `?:` and `??` stand for
 * the separator or `?` itself. Before any other character the standard does not allow it; the
 * reader then keeps the character, drops the `?` and warns.
 *
 * Line breaks are handled as in the X12 tokenizer. In a stream they are dropped, which reads
 * hard-wrapped files, even those wrapped inside UNA and UNB. In files with one segment per line
 * they end a segment, and in files without any terminator character they are the terminator.
 */
import { countLineBreaks, isBlank, isLineBreak } from '../edi-common/decode-text.js';
import { elementText, type EdiElement, type EdiIssue, type EdiSegment } from '../edi-common/edi-types.js';

export interface EdifactServiceCharacters {
  component: string;
  element: string;
  /** Decimal mark of numeric values: `.` or `,`. */
  decimal: string;
  release: string;
  /** Repetition separator of syntax version 4; empty when UNA leaves it as a space. */
  repetition: string;
  segment: string;
}

export const DEFAULT_SERVICE_CHARACTERS: EdifactServiceCharacters = { component: ':', element: '+', decimal: '.', release: '?', repetition: '', segment: "'" };

type LineLayout = 'line-terminated' | 'segment-per-line' | 'stream';

export interface LocatedEdifactSegment extends EdiSegment {
  line: number;
  filePosition: number;
  warnings?: string[];
}

export interface EdifactTokenizeResult {
  serviceCharacters: EdifactServiceCharacters;
  /** True when the file starts with a UNA segment. */
  serviceStringAdvice: boolean;
  segments: LocatedEdifactSegment[];
  issues: EdiIssue[];
}

/** Splits `text` (without a byte order mark) into segments. */
export function tokenizeEdifact(text: string): EdifactTokenizeResult {
  const segments: LocatedEdifactSegment[] = [];
  const issues: EdiIssue[] = [];
  let index = skipBlanks(text, 0);
  let line = countLineBreaks(text, 0, index) + 1;
  const head = text.slice(index, index + 4);
  let characters = DEFAULT_SERVICE_CHARACTERS;
  let serviceStringAdvice = false;

  const notEdifact = describeNonEdifactStart(head, text, index);
  if (notEdifact !== undefined) {
    issues.push({ severity: 'error', level: 'file', rule: notEdifact.rule, message: notEdifact.message, line });
    return { serviceCharacters: characters, serviceStringAdvice, segments, issues };
  }

  let firstCharacters: EdifactServiceCharacters | undefined;
  let layout: LineLayout = 'stream';
  let lineCursor = index;
  let expectHeader = true;
  while (index < text.length) {
    index = skipBlanks(text, index);
    if (index >= text.length) {
      break;
    }
    line += countLineBreaks(text, lineCursor, index);
    lineCursor = index;

    // Each interchange may start with its own UNA; it sets the characters for what follows.
    if (text.startsWith('UNA', index)) {
      const una = readServiceStringAdvice(text, index + 3);
      if (una === undefined) {
        issues.push({ severity: 'error', level: 'file', rule: 'una-header', message: `UNA at line ${line} is cut short: it needs six service characters`, line });
        break;
      }
      characters = una.characters;
      serviceStringAdvice ||= segments.length === 0;
      const values = [characters.component, characters.element, characters.decimal, characters.release, characters.repetition || ' ', characters.segment].join('');
      segments.push({ id: 'UNA', elements: [values], line, filePosition: segments.length + 1 });
      index = una.end;
      layout = detectLayout(text, index, characters);
      expectHeader = false;
      continue;
    }
    if (expectHeader) {
      layout = detectLayout(text, index, characters);
      expectHeader = false;
    }

    const scanned = scanSegment(text, index, characters, layout);
    index = scanned.next;
    if (scanned.raw === '') {
      continue;
    }
    const split = splitSegment(scanned.raw, characters);
    const segment: LocatedEdifactSegment = { id: split.segment.id, elements: split.segment.elements, line, filePosition: segments.length + 1 };
    const warnings = [...(scanned.warning === undefined ? [] : [scanned.warning]), ...split.warnings].map((warning) => `line ${line}: ${warning}`);
    if (warnings.length > 0) {
      segment.warnings = warnings;
    }
    segments.push(segment);

    if (segment.id === 'UNB') {
      // Syntax version 4 makes `*` the repetition separator unless a UNA says otherwise.
      if (segments[segments.length - 2]?.id !== 'UNA' && elementText(segment.elements[0], 2).trim() === '4' && characters.repetition === '') {
        characters = { ...characters, repetition: '*' };
      }
      firstCharacters ??= characters;
    } else if (segment.id === 'UNZ') {
      expectHeader = true;
      characters = DEFAULT_SERVICE_CHARACTERS;
    }
  }
  return { serviceCharacters: firstCharacters ?? characters, serviceStringAdvice, segments, issues };
}

/** Reads the six service characters after `UNA`, skipping line breaks that wrap the header. */
function readServiceStringAdvice(text: string, start: number): { characters: EdifactServiceCharacters; end: number } | undefined {
  const values: string[] = [];
  let index = start;
  while (values.length < 6 && index < text.length) {
    const char = text[index] as string;
    if (!isLineBreak(char)) {
      values.push(char);
    }
    index++;
  }
  if (values.length < 6) {
    return undefined;
  }
  const [component, element, decimal, release, repetition, segment] = values as [string, string, string, string, string, string];
  return {
    characters: { component, element, decimal: decimal === ',' ? ',' : '.', release: release === ' ' ? '' : release, repetition: repetition === ' ' ? '' : repetition, segment },
    end: index,
  };
}

/**
 * Decides how line breaks are used from the first line after `start`: a terminator followed by a
 * line break means one segment per line, a terminator followed by more text means a stream. A
 * first line without terminator is a line-terminated file when the next line starts a segment,
 * and a hard-wrapped stream otherwise. Only the first two lines are looked at.
 */
function detectLayout(text: string, start: number, characters: EdifactServiceCharacters): LineLayout {
  if (isLineBreak(text[start]) && start > 0 && text[start - 1] === characters.segment) {
    return 'segment-per-line';
  }
  for (let index = start; index < text.length; index++) {
    const char = text[index];
    if (char === characters.release) {
      index++;
    } else if (char === characters.segment) {
      return isLineBreak(text[index + 1]) ? 'segment-per-line' : 'stream';
    } else if (isLineBreak(char)) {
      return startsSegment(text, skipBlanks(text, index), characters) ? 'line-terminated' : 'stream';
    }
  }
  return 'line-terminated';
}

interface ScannedSegment {
  raw: string;
  next: number;
  warning?: string;
}

function scanSegment(text: string, start: number, characters: EdifactServiceCharacters, layout: LineLayout): ScannedSegment {
  const parts: string[] = [];
  let chunkStart = start;
  let index = start;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === characters.release && characters.release !== '') {
      const released = text[index + 1];
      if (layout === 'stream' && isLineBreak(released)) {
        // A hard wrap right after the release character: the character it releases starts the next line.
        parts.push(text.slice(chunkStart, index + 1));
        chunkStart = released === '\r' && text[index + 2] === '\n' ? index + 3 : index + 2;
        index = chunkStart + 1;
        continue;
      }
      index += 2;
      continue;
    }
    if (char === characters.segment) {
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
    if (nextStart >= text.length || startsSegment(text, nextStart, characters)) {
      const raw = parts.join('').trimEnd();
      if (layout === 'segment-per-line' && raw !== '') {
        return { raw, next: afterBreak, warning: `segment has no terminator '${characters.segment}' before the line break; the line break ends it` };
      }
      return { raw, next: afterBreak };
    }
    // A continuation line: keep its blanks (they may be data) but not the line breaks among them.
    parts.push(text.slice(afterBreak, nextStart).replace(/[\r\n]/g, ''));
    index = nextStart;
    chunkStart = index;
  }
  parts.push(text.slice(chunkStart, Math.min(index, text.length)));
  const raw = parts.join('');
  if (layout === 'line-terminated' || raw.trim() === '') {
    return { raw: raw.trimEnd(), next: text.length };
  }
  return { raw, next: text.length, warning: `the last segment has no terminator '${characters.segment}' before the end of the file` };
}

/** True when a three-letter segment tag followed by a separator or the end of the line starts at `index`. */
function startsSegment(text: string, index: number, characters: EdifactServiceCharacters): boolean {
  if (!/^[A-Z]{3}$/.test(text.slice(index, index + 3))) {
    return false;
  }
  const after = text[index + 3];
  return after === undefined || after === characters.element || after === characters.segment || isLineBreak(after);
}

/** Splits a segment's text into tag, elements, components and repetitions, resolving release characters. */
export function splitSegment(raw: string, characters: EdifactServiceCharacters): { segment: EdiSegment; warnings: string[] } {
  const warnings: string[] = [];
  const special = new Set([characters.component, characters.element, characters.release, characters.repetition, characters.segment].filter((char) => char !== ''));
  // elements -> repetitions -> components
  const elements: string[][][] = [];
  let repetitions: string[][] = [];
  let components: string[] = [];
  let current = '';
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index] as string;
    if (char === characters.release && characters.release !== '') {
      const next = raw[index + 1];
      if (next === undefined) {
        warnings.push(`release character '${char}' at the end of the segment has nothing to release; it was dropped`);
        continue;
      }
      if (!special.has(next)) {
        warnings.push(`release character '${char}' before '${next}', which is not a service character; read as '${next}'`);
      }
      current += next;
      index++;
    } else if (char === characters.element) {
      components.push(current);
      repetitions.push(components);
      elements.push(repetitions);
      repetitions = [];
      components = [];
      current = '';
    } else if (char === characters.repetition && characters.repetition !== '') {
      components.push(current);
      repetitions.push(components);
      components = [];
      current = '';
    } else if (char === characters.component) {
      components.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  components.push(current);
  repetitions.push(components);
  elements.push(repetitions);

  const [tagElement, ...rest] = elements;
  const id = (tagElement?.[0] ?? ['']).join(characters.component);
  const shaped: EdiElement[] = rest.map((element) => {
    if (element.length > 1) {
      return element;
    }
    const only = element[0] as string[];
    return only.length === 1 ? (only[0] as string) : only;
  });
  return { segment: { id, elements: shaped }, warnings };
}

function skipBlanks(text: string, index: number): number {
  let position = index;
  while (position < text.length && isBlank(text[position])) {
    position++;
  }
  return position;
}

function describeNonEdifactStart(head: string, text: string, index: number): { rule: string; message: string } | undefined {
  if (head.startsWith('UNA') || head.startsWith('UNB')) {
    return undefined;
  }
  if (head === 'STX=') {
    return {
      rule: 'tradacoms-not-supported',
      message: 'the file starts with STX=, so it is a TRADACOMS file; Flowmason reads EDIFACT and X12 but not TRADACOMS',
    };
  }
  if (head.startsWith('ISA')) {
    return { rule: 'not-edifact', message: 'the file starts with ISA, so it is X12, not EDIFACT; read it with x12.read' };
  }
  if (head === '') {
    return { rule: 'not-edifact', message: 'the file is empty; an EDIFACT interchange starts with UNA or UNB' };
  }
  return { rule: 'not-edifact', message: `the file starts with '${text.slice(index, index + 10).replace(/[\r\n]/g, ' ')}' instead of UNA or UNB, so it is not an EDIFACT interchange` };
}
