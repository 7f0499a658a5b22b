/**
 * Types shared by the X12 and EDIFACT readers and writers: the generic segment structure that
 * keeps every element as written, and the issues a reader finds.
 */

/**
 * One element of a segment, lossless. A plain value is a string and a composite element the array
 * of its components. A repeated element is an array of repetitions, each the array of its
 * components, so a repetition without components is a one-item array.
 */
export type EdiElement = string | string[] | string[][];

/** A segment: its tag and its elements, the first of which is element 01. */
export interface EdiSegment {
  id: string;
  elements: EdiElement[];
}

/** Where an issue sits in the envelope hierarchy, which decides what it affects. */
export type IssueLevel = 'file' | 'interchange' | 'group' | 'set';

/** A problem a reader found: an error fails the affected sets or messages; a warning travels with the record. */
export interface EdiIssue {
  severity: 'error' | 'warning';
  level: IssueLevel;
  /** Short name of the rule, for example `set-segment-count`. */
  rule: string;
  message: string;
  /** 1-based line in the file where the segment starts. */
  line?: number;
  /** 1-based position of the segment in the file. */
  filePosition?: number;
  /** Tag of the segment the issue is on. */
  segmentId?: string;
  /** 1-based position of the segment in its transaction set or message, the header counting as 1. */
  segmentPosition?: number;
  /** Element reference such as `SE01` or `UNT02`. */
  element?: string;
  /** 1-based position of the element in the segment. */
  elementPosition?: number;
  /** 1-based position of the component, for composite elements. */
  componentPosition?: number;
  /** The offending value, when there is one. */
  value?: string;
  /** Standard code for acknowledgements: X12 AK3/AK4/AK5/AK9 error codes. */
  code?: string;
}

/** Returns the element reference used in messages: `SE` and 1 give `SE01`. */
export function elementReference(segmentId: string, position: number): string {
  return `${segmentId}${String(position).padStart(2, '0')}`;
}

/** Returns the text of an element or one component of it; composites without a component give their first component. */
export function elementText(element: EdiElement | undefined, component?: number): string {
  if (element === undefined) {
    return '';
  }
  if (typeof element === 'string') {
    return component === undefined || component === 1 ? element : '';
  }
  const first = element[0];
  const components: readonly string[] = Array.isArray(first) ? first : (element as string[]);
  return components[(component ?? 1) - 1] ?? '';
}

/** True when an element carries no data at all. */
export function isEmptyElement(element: EdiElement | undefined): boolean {
  if (element === undefined) {
    return true;
  }
  if (typeof element === 'string') {
    return element === '';
  }
  return element.every((part) => (typeof part === 'string' ? part === '' : part.every((value) => value === '')));
}
