/**
 * Reads an X12 file into one record per transaction set, without a flow. The `x12.read` node
 * calls these functions, and a `flowmason read FILE` command or a source preview can too.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeEdiBytes, stripByteOrderMark, type TextEncodingName } from '../edi-common/decode-text.js';
import { elementText, type EdiIssue, type EdiSegment } from '../edi-common/edi-types.js';
import { describeNextStep } from '../edi-common/next-step.js';
import { X12_SET_TYPES } from './x12-document-maps.js';
import { buildX12Document } from './x12-documents.js';
import { groupX12Segments, type X12GroupInfo, type X12InterchangeInfo, type X12SetEnvelope } from './x12-envelope.js';
import type { X12Separators } from './x12-header.js';
import { tokenizeX12 } from './x12-tokenizer.js';

/** Treatment of control number and count mismatches: errors that fail the set, warnings, or nothing. */
export type ControlCheckMode = 'error' | 'warning' | 'off';

export interface X12ReadOptions {
  /** File name used in messages. */
  fileName?: string;
  /**
   * Business key of each set: `document-number` (default; BEG03 for an 850, BSN02 for an 856 and
   * so on, else the control numbers), `control-number` (ISA13-GS06-ST02), or an element reference
   * such as `REF02`, whose first occurrence in the set is used.
   */
  key?: string;
  controlChecks?: ControlCheckMode;
  /** Build the readable `document` for known set types (default true). */
  documents?: boolean;
}

/** The data of one transaction set record. */
export interface X12SetData extends Record<string, unknown> {
  format: 'x12';
  /** ST01, for example `850`. */
  transactionSet: string;
  /** ST02. */
  controlNumber: string;
  implementationReference?: string;
  interchange: X12InterchangeInfo;
  group?: X12GroupInfo;
  /** ST to SE as written: every element, with components and repetitions as arrays. */
  segments: EdiSegment[];
  /** The readable structure, for 850, 855, 856, 810, 846, 832 and 997. */
  document?: Record<string, unknown>;
  /** Recoveries and checks that did not fail the set, as messages. */
  warnings?: string[];
}

export interface X12SetRecord {
  key: string | null;
  /** Line of the ST segment. */
  line: number;
  data: X12SetData;
  /** Errors that affect this set; a set with errors should be sent to the error port. */
  errors: EdiIssue[];
}

export interface X12ReadResult {
  /** Separators of the first interchange; undefined when the file has no readable ISA. */
  separators: X12Separators | undefined;
  encoding: TextEncodingName;
  records: X12SetRecord[];
  /** Errors that belong to no transaction set, such as a file that is not X12. Set errors are on the records. */
  errors: EdiIssue[];
  interchangeCount: number;
  groupCount: number;
  /** Segments in the file, envelopes included. */
  segmentCount: number;
}

/** Rules of the envelope checks that {@link X12ReadOptions.controlChecks} governs. */
const CONTROL_RULES = new Set([
  'set-segment-count',
  'set-control-number',
  'set-trailer-missing',
  'group-set-count',
  'group-control-number',
  'group-trailer-missing',
  'interchange-group-count',
  'interchange-control-number',
  'interchange-trailer-missing',
]);

/** Reads an X12 file from disk. Failing to read the file throws the file system's error. */
export async function readX12File(path: string, options: X12ReadOptions = {}): Promise<X12ReadResult> {
  const bytes = await readFile(path);
  const { text, encoding } = decodeEdiBytes(bytes);
  return { ...readX12Text(text, { fileName: basename(path), ...options }), encoding };
}

/** Reads X12 text. Bad input comes back as errors in the result, not as exceptions (the fuzz tests check this). */
export function readX12Text(input: string, options: X12ReadOptions = {}): X12ReadResult {
  const text = stripByteOrderMark(input);
  const tokens = tokenizeX12(text);
  const envelope = groupX12Segments(tokens.segments);
  const records = envelope.sets.map((set) => toRecord(set, options));
  const firstHeader = tokens.segments.find((segment) => segment.header !== undefined)?.header;
  return {
    separators: firstHeader?.separators,
    encoding: 'utf-8',
    records,
    errors: [...tokens.issues, ...envelope.issues],
    interchangeCount: envelope.interchangeCount,
    groupCount: envelope.groupCount,
    segmentCount: tokens.segments.length,
  };
}

function toRecord(set: X12SetEnvelope, options: X12ReadOptions): X12SetRecord {
  const segments: EdiSegment[] = set.segments.map((segment) => ({ id: segment.id, elements: segment.elements }));
  const data: X12SetData = {
    format: 'x12',
    transactionSet: set.setId,
    controlNumber: set.controlNumber,
    interchange: set.interchange,
    segments,
  };
  if (set.implementationReference !== undefined) {
    data.implementationReference = set.implementationReference;
  }
  if (set.group !== undefined) {
    data.group = set.group;
  }
  const issues = applyControlMode(set.issues, options.controlChecks ?? 'error');
  if (options.documents !== false) {
    const built = buildX12Document(
      set.setId,
      segments,
      set.separators,
      set.segments.map((segment) => segment.line),
    );
    if (built !== undefined) {
      data.document = built.document;
      issues.push(...built.issues.map((issue) => ({ ...issue, line: set.segments[(issue.segmentPosition ?? 1) - 1]?.line ?? set.line })));
    }
  }
  const warnings = issues.filter((issue) => issue.severity === 'warning').map((issue) => issue.message);
  if (warnings.length > 0) {
    data.warnings = warnings;
  }
  return { key: selectKey(set, segments, options.key ?? 'document-number'), line: set.line, data, errors: issues.filter((issue) => issue.severity === 'error') };
}

function applyControlMode(issues: readonly EdiIssue[], mode: ControlCheckMode): EdiIssue[] {
  if (mode === 'error') {
    return [...issues];
  }
  return issues.filter((issue) => mode === 'warning' || !CONTROL_RULES.has(issue.rule)).map((issue) => (CONTROL_RULES.has(issue.rule) ? { ...issue, severity: 'warning' as const } : issue));
}

function selectKey(set: X12SetEnvelope, segments: readonly EdiSegment[], key: string): string | null {
  const controlKey = `${set.interchange.controlNumber}-${set.group?.controlNumber ?? ''}-${set.controlNumber}`;
  if (key === 'control-number') {
    return controlKey;
  }
  const reference = key === 'document-number' ? X12_SET_TYPES[set.setId]?.keyElement : key;
  if (reference === undefined) {
    return controlKey;
  }
  const match = /^([A-Z][A-Z0-9]{1,2})(\d{2})$/.exec(reference);
  if (match === null) {
    return controlKey;
  }
  const segment = segments.find((candidate) => candidate.id === match[1]);
  const value = elementText(segment?.elements[Number(match[2]) - 1]).trim();
  if (value !== '') {
    return value;
  }
  return key === 'document-number' ? controlKey : null;
}

/**
 * Describes an error on a set for an InputError: the file, the interchange, group and set control
 * numbers, the segment and its position, the element and the rule, then what to do about it.
 */
export function describeX12Issue(fileName: string, data: Pick<X12SetData, 'interchange' | 'group' | 'transactionSet' | 'controlNumber'>, issue: EdiIssue): string {
  const where = [
    `interchange ${data.interchange.controlNumber || '(none)'}`,
    `group ${data.group?.controlNumber ?? '(none)'}`,
    `set ${data.transactionSet} ${data.controlNumber}`,
  ].join(', ');
  const details: string[] = [];
  if (issue.segmentId !== undefined) {
    details.push(issue.segmentPosition === undefined ? `segment ${issue.segmentId}` : `segment ${issue.segmentId} at position ${issue.segmentPosition} of the set`);
  }
  if (issue.line !== undefined) {
    details.push(`line ${issue.line}`);
  }
  if (issue.element !== undefined) {
    details.push(`element ${issue.element}`);
  }
  details.push(`rule ${issue.rule}`);
  const step = describeNextStep(issue, 'x12');
  return `${fileName}: ${where}: ${issue.message} (${details.join(', ')})${step === undefined ? '' : `; ${step}`}`;
}
