/**
 * Formats generic segments as X12 text. X12 has no release character, so a value that contains
 * a separator cannot be written; {@link findSeparatorConflict} finds such values before anything
 * is written.
 */
import type { EdiElement, EdiSegment } from '../edi-common/edi-types.js';
import type { X12Separators } from './x12-header.js';

/** Separators for writing, plus what follows each terminator. */
export interface X12WriteSeparators extends X12Separators {
  /** Text after each terminator: empty, `\n` or `\r\n`. */
  lineBreak: string;
}

export const DEFAULT_WRITE_SEPARATORS: X12WriteSeparators = { element: '*', component: '>', repetition: '^', segment: '~', lineBreak: '\n' };

/** Formats one element: components joined by the component separator, repetitions by the repetition separator. */
export function formatX12Element(element: EdiElement, separators: X12Separators): string {
  if (typeof element === 'string') {
    return element;
  }
  if (Array.isArray(element[0])) {
    return (element as string[][]).map((repetition) => repetition.join(separators.component)).join(separators.repetition);
  }
  return (element as string[]).join(separators.component);
}

/** Formats one segment with its terminator and line break. */
export function formatX12Segment(segment: EdiSegment, separators: X12WriteSeparators): string {
  const elements = segment.elements.map((element) => formatX12Element(element, separators));
  const terminator = separators.segment === '\n' ? '' : separators.segment;
  return `${[segment.id, ...elements].join(separators.element)}${terminator}${separators.segment === '\n' ? '\n' : separators.lineBreak}`;
}

/** A value that contains a separator character, which X12 cannot escape, and its place. */
export interface SeparatorConflict {
  segmentId: string;
  /** 1-based position of the segment in the list. */
  segmentPosition: number;
  element: string;
  value: string;
  separator: string;
}

/** Returns the first value in `segments` that contains a separator (or a line break), if any. */
export function findSeparatorConflict(segments: readonly EdiSegment[], separators: X12Separators): SeparatorConflict | undefined {
  const reserved = [separators.element, separators.segment, separators.component, separators.repetition, '\n', '\r'].filter((char) => char !== '');
  for (const [index, segment] of segments.entries()) {
    for (const [elementIndex, element] of segment.elements.entries()) {
      const reference = `${segment.id}${String(elementIndex + 1).padStart(2, '0')}`;
      if (separators.repetition === '' && Array.isArray(element[0]) && element.length > 1) {
        return { segmentId: segment.id, segmentPosition: index + 1, element: reference, value: (element as string[][]).map((part) => part.join(separators.component)).join(' | '), separator: 'repetition (this ISA12 version has no repetition separator)' };
      }
      const values = typeof element === 'string' ? [element] : (element as (string | string[])[]).flat();
      for (const value of values) {
        const separator = reserved.find((char) => value.includes(char));
        if (separator !== undefined) {
          return { segmentId: segment.id, segmentPosition: index + 1, element: reference, value, separator };
        }
      }
    }
  }
  return undefined;
}

/** Pads or cuts a value to the fixed width of an ISA field. */
export function fixedWidth(value: string, width: number): string {
  return value.length >= width ? value.slice(0, width) : value.padEnd(width, ' ');
}
