/**
 * Reads the ISA interchange header, which declares the separators of everything after it:
 * the character after `ISA` is the element separator, ISA11 the repetition separator (from
 * version 00402 on; `U` before that), ISA16 the component separator, and the character after
 * ISA16 the segment terminator.
 *
 * Real files bend the fixed 106-character layout, so the header is read by counting element
 * separators rather than by column: fields may be unpadded or padded with NBSP, line breaks may
 * wrap the header anywhere inside a field, ISA16 may be empty, and the terminator may be a line
 * break or a character outside ASCII such as U+2026.
 */
import { isLineBreak } from '../edi-common/decode-text.js';

export interface X12Separators {
  element: string;
  /** ISA16; empty when the header leaves it empty, and then no element is split into components. */
  component: string;
  /** ISA11 when it is a separator character; empty when ISA11 is `U` (versions before 00402). */
  repetition: string;
  /** The segment terminator; `\n` stands for a line break (CRLF, LF or CR) used as terminator. */
  segment: string;
}

/** How line breaks sit in a file, which decides how the tokenizer treats them. */
export type LineLayout =
  /** The terminator is a line break: one segment per line. */
  | 'line-terminated'
  /** A terminator character followed by a line break: one segment per line, terminator kept. */
  | 'segment-per-line'
  /** Terminators without line breaks; any line break is a hard wrap and carries no meaning. */
  | 'stream';

export interface IsaHeader {
  separators: X12Separators;
  layout: LineLayout;
  /** ISA01..ISA16 exactly as written (padding kept, wrapping line breaks removed). */
  elements: string[];
  /** Index just past the terminator (and the line break that follows it, if any). */
  end: number;
  /** Line breaks found inside the header, so callers can keep line numbers right. */
  wrappedLines: number;
}

export type IsaHeaderResult = { header: IsaHeader } | { problem: string };

/** Characters that can never be a separator: letters, digits and blanks. */
function isDataCharacter(char: string): boolean {
  return /^[A-Za-z0-9 \u00a0]$/.test(char);
}

/** Reads the ISA header that starts at `start` (the `I` of `ISA`). */
export function readIsaHeader(text: string, start: number): IsaHeaderResult {
  const element = text[start + 3];
  if (element === undefined || isDataCharacter(element) || isLineBreak(element)) {
    return { problem: `the character after ISA is ${describeCharacter(element)}; an element separator must not be a letter, digit, blank or line break` };
  }
  const fields: string[] = [];
  let current = '';
  let wrappedLines = 0;
  let index = start + 4;
  while (fields.length < 15) {
    const char = text[index];
    if (char === undefined) {
      return { problem: `the ISA segment ends after ${fields.length} of its 16 elements` };
    }
    if (char === element) {
      fields.push(current);
      current = '';
    } else if (isLineBreak(char)) {
      if (char === '\r' && text[index + 1] === '\n') {
        index++;
      }
      wrappedLines++;
    } else {
      current += char;
      if (current.length > 80) {
        return { problem: `ISA${String(fields.length + 1).padStart(2, '0')} is longer than 80 characters; this does not look like an ISA header` };
      }
    }
    index++;
  }

  const first = text[index];
  const second = text[index + 1];
  if (first === undefined) {
    return { problem: 'the ISA segment ends before ISA16 and the segment terminator' };
  }
  let component: string;
  let segment: string;
  let afterTerminator: number;
  if (isLineBreak(first)) {
    component = '';
    segment = '\n';
    afterTerminator = index;
  } else if (second === undefined) {
    return { problem: `the ISA segment ends after ISA16 ('${first}') without a segment terminator` };
  } else if (isLineBreak(second)) {
    // `*>` + line break: ISA16 '>' and a line-break terminator; `*~` + line break with `~`
    // ending the next segment too: ISA16 empty and '~' the terminator.
    if (nextLineEndsWith(text, index + 1, first)) {
      component = '';
      segment = first;
      afterTerminator = index + 1;
    } else {
      component = first;
      segment = '\n';
      afterTerminator = index + 1;
    }
  } else if (/^[A-Za-z0-9]$/.test(second)) {
    component = '';
    segment = first;
    afterTerminator = index + 1;
  } else {
    component = first;
    segment = second;
    afterTerminator = index + 2;
  }
  fields.push(component);

  if (segment !== '\n' && (isDataCharacter(segment) || segment === element || segment === component)) {
    return { problem: `the segment terminator after ISA16 is ${describeCharacter(segment)}, which cannot be a terminator` };
  }
  const isa11 = (fields[10] ?? '').trim();
  const repetition = isa11.length === 1 && !isDataCharacter(isa11) && isa11 !== element && isa11 !== component && isa11 !== segment ? isa11 : '';

  let layout: LineLayout;
  let end = afterTerminator;
  if (segment === '\n') {
    layout = 'line-terminated';
    end = skipOneLineBreak(text, end);
  } else if (isLineBreak(text[end])) {
    layout = 'segment-per-line';
    end = skipOneLineBreak(text, end);
  } else {
    layout = 'stream';
  }
  return { header: { separators: { element, component, repetition, segment }, layout, elements: fields, end, wrappedLines } };
}

function skipOneLineBreak(text: string, index: number): number {
  if (text[index] === '\r' && text[index + 1] === '\n') {
    return index + 2;
  }
  return isLineBreak(text[index]) ? index + 1 : index;
}

/** True when the next non-empty line after `index` ends with `char` (trailing blanks ignored). */
function nextLineEndsWith(text: string, index: number, char: string): boolean {
  let start = index;
  while (isLineBreak(text[start])) {
    start++;
  }
  let end = start;
  while (end < text.length && !isLineBreak(text[end])) {
    end++;
  }
  return text.slice(start, end).trimEnd().endsWith(char);
}

/** Describes a character for messages: `'~'`, `the end of the file`, `a line break`. */
export function describeCharacter(char: string | undefined): string {
  if (char === undefined) {
    return 'the end of the file';
  }
  if (isLineBreak(char)) {
    return 'a line break';
  }
  if (char === ' ') {
    return 'a space';
  }
  return `'${char}'`;
}
