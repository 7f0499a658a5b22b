/**
 * Reads an EDIFACT file into one record per message, without a flow. The `edifact.read` node
 * calls these functions, and a `flowmason read FILE` command or a source preview can too.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeEdiBytes, stripByteOrderMark, type TextEncodingName } from '../edi-common/decode-text.js';
import { elementText, type EdiIssue, type EdiSegment } from '../edi-common/edi-types.js';
import { describeNextStep } from '../edi-common/next-step.js';
import { readDocument } from '../edi-common/segment-map.js';
import { EDIFACT_MESSAGE_MAPS } from './edifact-document-maps.js';
import { groupEdifactSegments, type EdifactGroupInfo, type EdifactInterchangeInfo, type EdifactMessageEnvelope } from './edifact-envelope.js';
import { tokenizeEdifact, type EdifactServiceCharacters } from './edifact-tokenizer.js';

export type EdifactControlCheckMode = 'error' | 'warning' | 'off';

export interface EdifactReadOptions {
  fileName?: string;
  /**
   * Business key of each message: `document-number` (default: BGM02, else the references),
   * `reference` (UNB05-UNH01), or a segment tag with element and component such as `RFF01.2`.
   */
  key?: string;
  controlChecks?: EdifactControlCheckMode;
  /** Build the readable `document` for ORDERS, DESADV, INVOIC and PRICAT (default true). */
  documents?: boolean;
}

/** The data of one message record. */
export interface EdifactMessageData extends Record<string, unknown> {
  format: 'edifact';
  /** UNH02 component 1, for example INVOIC. */
  messageType: string;
  /** UNH01. */
  messageReference: string;
  messageVersion: EdifactMessageEnvelope['messageType'];
  interchange: EdifactInterchangeInfo;
  group?: EdifactGroupInfo;
  /** UNH to UNT as written, release characters resolved. */
  segments: EdiSegment[];
  document?: Record<string, unknown>;
  warnings?: string[];
}

export interface EdifactMessageRecord {
  key: string | null;
  line: number;
  data: EdifactMessageData;
  errors: EdiIssue[];
}

export interface EdifactReadResult {
  serviceCharacters: EdifactServiceCharacters;
  /** True when the file declares its service characters with UNA. */
  serviceStringAdvice: boolean;
  encoding: TextEncodingName;
  records: EdifactMessageRecord[];
  /** Errors that belong to no message, such as a TRADACOMS file. Message errors are on the records. */
  errors: EdiIssue[];
  interchangeCount: number;
  groupCount: number;
  /** Segments in the file, UNA and envelopes included. */
  segmentCount: number;
}

const CONTROL_RULES = new Set([
  'message-segment-count',
  'message-reference',
  'message-trailer-missing',
  'group-message-count',
  'group-reference',
  'group-trailer-missing',
  'interchange-count',
  'interchange-reference',
  'interchange-trailer-missing',
]);

/** Reads an EDIFACT file from disk. Failing to read the file throws the file system's error. */
export async function readEdifactFile(path: string, options: EdifactReadOptions = {}): Promise<EdifactReadResult> {
  const bytes = await readFile(path);
  const { text, encoding } = decodeEdiBytes(bytes);
  return { ...readEdifactText(text, { fileName: basename(path), ...options }), encoding };
}

/** Reads EDIFACT text. Bad input comes back as errors in the result, not as exceptions (the fuzz tests check this). */
export function readEdifactText(input: string, options: EdifactReadOptions = {}): EdifactReadResult {
  const text = stripByteOrderMark(input);
  const tokens = tokenizeEdifact(text);
  const envelope = groupEdifactSegments(tokens.segments);
  const records = envelope.messages.map((message) => toRecord(message, tokens.serviceCharacters, options));
  return {
    serviceCharacters: tokens.serviceCharacters,
    serviceStringAdvice: tokens.serviceStringAdvice,
    encoding: 'utf-8',
    records,
    errors: [...tokens.issues, ...envelope.issues],
    interchangeCount: envelope.interchangeCount,
    groupCount: envelope.groupCount,
    segmentCount: tokens.segments.length,
  };
}

function toRecord(message: EdifactMessageEnvelope, characters: EdifactServiceCharacters, options: EdifactReadOptions): EdifactMessageRecord {
  const segments: EdiSegment[] = message.segments.map((segment) => ({ id: segment.id, elements: segment.elements }));
  const data: EdifactMessageData = {
    format: 'edifact',
    messageType: message.messageType.type,
    messageReference: message.reference,
    messageVersion: message.messageType,
    interchange: message.interchange,
    segments,
  };
  if (message.group !== undefined) {
    data.group = message.group;
  }
  const mode = options.controlChecks ?? 'error';
  const issues = message.issues
    .filter((issue) => mode !== 'off' || !CONTROL_RULES.has(issue.rule))
    .map((issue) => (mode === 'warning' && CONTROL_RULES.has(issue.rule) ? { ...issue, severity: 'warning' as const } : issue));
  message.segments.forEach((segment, index) => {
    for (const warning of segment.warnings ?? []) {
      issues.push({ severity: 'warning', level: 'set', rule: 'segment-syntax', message: warning, line: segment.line, segmentId: segment.id, segmentPosition: index + 1 });
    }
  });

  const map = EDIFACT_MESSAGE_MAPS[message.messageType.type];
  if (map !== undefined && options.documents !== false) {
    const start = segments[0]?.id === 'UNH' ? 1 : 0;
    const end = segments[segments.length - 1]?.id === 'UNT' ? segments.length - 1 : segments.length;
    const body = segments.slice(start, end);
    const built = readDocument(map, body, {
      decimalMark: characters.decimal,
      positions: body.map((_, index) => index + start + 1),
      repetitionSeparator: characters.repetition,
      componentSeparator: characters.component,
      lines: message.segments.slice(start, end).map((segment) => segment.line),
    });
    data.document = built.document;
    issues.push(...built.issues.map((issue) => ({ ...issue, line: message.segments[(issue.segmentPosition ?? 1) - 1]?.line ?? message.line })));
  }
  const warnings = issues.filter((issue) => issue.severity === 'warning').map((issue) => issue.message);
  if (warnings.length > 0) {
    data.warnings = warnings;
  }
  return { key: selectKey(message, segments, options.key ?? 'document-number'), line: message.line, data, errors: issues.filter((issue) => issue.severity === 'error') };
}

function selectKey(message: EdifactMessageEnvelope, segments: readonly EdiSegment[], key: string): string | null {
  const referenceKey = `${message.interchange.controlReference}-${message.reference}`;
  if (key === 'reference') {
    return referenceKey;
  }
  const reference = key === 'document-number' ? 'BGM02.1' : key;
  const match = /^([A-Z]{3})(\d{2})(?:\.(\d+))?$/.exec(reference);
  if (match === null) {
    return referenceKey;
  }
  const segment = segments.find((candidate) => candidate.id === match[1]);
  const value = elementText(segment?.elements[Number(match[2]) - 1], match[3] === undefined ? undefined : Number(match[3])).trim();
  if (value !== '') {
    return value;
  }
  return key === 'document-number' ? referenceKey : null;
}

/** Describes an error on a message for an InputError: file, interchange, group and message references, segment, element and rule, then what to do about it. */
export function describeEdifactIssue(fileName: string, data: Pick<EdifactMessageData, 'interchange' | 'group' | 'messageType' | 'messageReference'>, issue: EdiIssue): string {
  const where = [
    `interchange ${data.interchange.controlReference || '(none)'}`,
    ...(data.group === undefined ? [] : [`group ${data.group.reference}`]),
    `message ${data.messageType} ${data.messageReference}`,
  ].join(', ');
  const details: string[] = [];
  if (issue.segmentId !== undefined) {
    details.push(issue.segmentPosition === undefined ? `segment ${issue.segmentId}` : `segment ${issue.segmentId} at position ${issue.segmentPosition} of the message`);
  }
  if (issue.line !== undefined) {
    details.push(`line ${issue.line}`);
  }
  if (issue.element !== undefined) {
    details.push(`element ${issue.element}`);
  }
  details.push(`rule ${issue.rule}`);
  const step = describeNextStep(issue, 'edifact');
  return `${fileName}: ${where}: ${issue.message} (${details.join(', ')})${step === undefined ? '' : `; ${step}`}`;
}
