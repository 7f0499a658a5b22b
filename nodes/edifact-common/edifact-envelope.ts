/**
 * Groups EDIFACT segments into interchanges (UNB/UNZ), optional functional groups (UNG/UNE) and
 * messages (UNH/UNT), and checks the trailers:
 *
 * | trailer | checks | rule |
 * |---|---|---|
 * | UNT | UNT01 equals the segments from UNH to UNT; UNT02 equals UNH01 | `message-segment-count`, `message-reference` |
 * | UNE | UNE01 equals the messages in the group; UNE02 equals UNG05 | `group-message-count`, `group-reference` |
 * | UNZ | UNZ01 equals the groups, or the messages when there are no groups; UNZ02 equals UNB05 | `interchange-count`, `interchange-reference` |
 *
 * As in X12, each problem is reported on the messages it affects and no others.
 */
import { elementText, type EdiIssue } from '../edi-common/edi-types.js';
import type { LocatedEdifactSegment } from './edifact-tokenizer.js';

export interface EdifactParty {
  id: string;
  qualifier?: string;
  routing?: string;
}

export interface EdifactInterchangeInfo {
  /** UNB01: syntax identifier and version, for example UNOC and 3. */
  syntax: { identifier: string; version: string };
  sender: EdifactParty;
  recipient: EdifactParty;
  /** UNB04: YYMMDD or CCYYMMDD, and HHMM. */
  date: string;
  time: string;
  /** UNB05. */
  controlReference: string;
  applicationReference?: string;
  /** UNB11: `1` marks a test interchange. */
  testIndicator?: string;
}

export interface EdifactGroupInfo {
  /** UNG01, for example ORDERS. */
  functionalGroupId: string;
  sender: EdifactParty;
  recipient: EdifactParty;
  date: string;
  time: string;
  /** UNG05. */
  reference: string;
  agency: string;
  version: string;
}

export interface EdifactMessageEnvelope {
  interchange: EdifactInterchangeInfo;
  group?: EdifactGroupInfo;
  /** UNH01. */
  reference: string;
  /** UNH02: message type, version, release, agency and association code, for example INVOIC D 97B UN. */
  messageType: { type: string; version: string; release: string; agency: string; associationCode?: string };
  /** UNH to UNT inclusive (UNH onwards when UNT is missing). */
  segments: LocatedEdifactSegment[];
  issues: EdiIssue[];
  line: number;
}

export interface EdifactEnvelopeResult {
  messages: EdifactMessageEnvelope[];
  issues: EdiIssue[];
  interchangeCount: number;
  groupCount: number;
}

interface OpenInterchange {
  unb: LocatedEdifactSegment;
  info: EdifactInterchangeInfo;
  groupCount: number;
  looseMessageCount: number;
  messages: EdifactMessageEnvelope[];
  issues: EdiIssue[];
}

interface OpenGroup {
  ung: LocatedEdifactSegment;
  info: EdifactGroupInfo;
  messages: EdifactMessageEnvelope[];
  issues: EdiIssue[];
}

const TRAILER_RULES = {
  UNT: { count: 'message-segment-count', reference: 'message-reference', missing: 'message-trailer-missing' },
} as const;

/** Walks the segments of a file and returns its messages with their issues. */
export function groupEdifactSegments(segments: readonly LocatedEdifactSegment[]): EdifactEnvelopeResult {
  const walker = new EdifactWalker();
  for (const segment of segments) {
    walker.accept(segment);
  }
  walker.finish();
  return { messages: walker.messages, issues: walker.issues, interchangeCount: walker.interchangeCount, groupCount: walker.groupCount };
}

class EdifactWalker {
  readonly messages: EdifactMessageEnvelope[] = [];
  readonly issues: EdiIssue[] = [];
  interchangeCount = 0;
  groupCount = 0;
  private interchange: OpenInterchange | undefined;
  private group: OpenGroup | undefined;
  private message: EdifactMessageEnvelope | undefined;

  accept(segment: LocatedEdifactSegment): void {
    switch (segment.id) {
      case 'UNA':
        return;
      case 'UNB':
        this.closeInterchange(undefined, `the UNB at line ${segment.line}`);
        this.openInterchange(segment);
        return;
      case 'UNZ':
        this.closeInterchange(segment, '');
        return;
      case 'UNG':
        this.closeGroup(undefined, `the UNG at line ${segment.line}`);
        this.openGroup(segment);
        return;
      case 'UNE':
        this.closeGroup(segment, '');
        return;
      case 'UNH':
        this.closeMessage(undefined, `the UNH at line ${segment.line}`);
        this.openMessage(segment);
        return;
      case 'UNT':
        if (this.message === undefined) {
          this.stray(segment, `UNT at line ${segment.line} has no matching UNH`);
          return;
        }
        this.closeMessage(segment, '');
        return;
      default:
        if (this.message !== undefined) {
          this.message.segments.push(segment);
          if (!/^[A-Z][A-Z0-9]{2}$/.test(segment.id)) {
            this.message.issues.push({
              severity: 'error',
              level: 'set',
              rule: 'segment-tag',
              message: `segment tag '${segment.id}' is not three capitals and digits starting with a capital`,
              line: segment.line,
              segmentId: segment.id,
              segmentPosition: this.message.segments.length,
            });
          }
          return;
        }
        this.stray(segment, `${segment.id} at line ${segment.line} is outside any message; it was left out`);
    }
  }

  finish(): void {
    this.closeInterchange(undefined, 'the end of the file');
  }

  private stray(segment: LocatedEdifactSegment, message: string): void {
    const issue: EdiIssue = { severity: 'warning', level: 'group', rule: 'segment-outside-message', message, line: segment.line, segmentId: segment.id };
    if (this.group !== undefined) {
      this.group.issues.push(issue);
    } else if (this.interchange !== undefined) {
      this.interchange.issues.push({ ...issue, level: 'interchange' });
    } else {
      // Content outside any interchange reaches no record, so it becomes an error of its own.
      this.issues.push({ ...issue, severity: 'error', level: 'file' });
    }
  }

  private openInterchange(unb: LocatedEdifactSegment): void {
    const text = (element: number, component?: number): string => elementText(unb.elements[element - 1], component).trim();
    this.interchangeCount++;
    const info: EdifactInterchangeInfo = {
      syntax: { identifier: text(1, 1), version: text(1, 2) },
      sender: party(text(2, 1), text(2, 2), text(2, 3)),
      recipient: party(text(3, 1), text(3, 2), text(3, 3)),
      date: text(4, 1),
      time: text(4, 2),
      controlReference: text(5),
    };
    if (text(7) !== '') {
      info.applicationReference = text(7);
    }
    if (text(11) !== '') {
      info.testIndicator = text(11);
    }
    this.interchange = { unb, info, groupCount: 0, looseMessageCount: 0, messages: [], issues: [] };
  }

  private closeInterchange(unz: LocatedEdifactSegment | undefined, closedBy: string): void {
    this.closeGroup(undefined, unz === undefined ? closedBy : `the UNZ at line ${unz.line}`);
    this.closeMessage(undefined, unz === undefined ? closedBy : `the UNZ at line ${unz.line}`);
    const interchange = this.interchange;
    if (interchange === undefined) {
      if (unz !== undefined) {
        this.issues.push({ severity: 'error', level: 'file', rule: 'trailer-without-header', message: `UNZ at line ${unz.line} has no matching UNB`, line: unz.line, segmentId: 'UNZ' });
      }
      return;
    }
    const reference = interchange.info.controlReference;
    const problems: EdiIssue[] = [];
    if (unz === undefined) {
      problems.push({ severity: 'error', level: 'interchange', rule: 'interchange-trailer-missing', message: `interchange ${reference} (UNB at line ${interchange.unb.line}) has no UNZ trailer before ${closedBy}`, line: interchange.unb.line, segmentId: 'UNB' });
    } else {
      const expected = interchange.groupCount > 0 ? interchange.groupCount : interchange.looseMessageCount;
      const counted = interchange.groupCount > 0 ? 'functional groups' : 'messages';
      const count = elementText(unz.elements[0]).trim();
      if (!sameNumber(count, String(expected))) {
        problems.push({ ...trailerIssue(unz, 1, count), level: 'interchange', rule: 'interchange-count', message: `UNZ01 is ${quote(count)} but interchange ${reference} has ${expected} ${counted}` });
      }
      const trailerReference = elementText(unz.elements[1]).trim();
      if (trailerReference !== reference) {
        problems.push({ ...trailerIssue(unz, 2, trailerReference), level: 'interchange', rule: 'interchange-reference', message: `UNZ02 ${quote(trailerReference)} does not match UNB05 ${quote(reference)}` });
      }
    }
    const all = [...interchange.issues, ...problems];
    for (const message of interchange.messages) {
      message.issues.push(...all);
    }
    if (interchange.messages.length === 0) {
      this.issues.push(...all.filter((issue) => issue.severity === 'error').map((issue) => ({ ...issue, level: 'file' as const })));
    }
    this.interchange = undefined;
  }

  private openGroup(ung: LocatedEdifactSegment): void {
    const text = (element: number, component?: number): string => elementText(ung.elements[element - 1], component).trim();
    this.groupCount++;
    if (this.interchange === undefined) {
      this.issues.push({ severity: 'error', level: 'file', rule: 'group-outside-interchange', message: `UNG at line ${ung.line} is outside any UNB interchange`, line: ung.line, segmentId: 'UNG' });
    } else {
      this.interchange.groupCount++;
    }
    this.group = {
      ung,
      info: {
        functionalGroupId: text(1),
        sender: party(text(2, 1), text(2, 2), ''),
        recipient: party(text(3, 1), text(3, 2), ''),
        date: text(4, 1),
        time: text(4, 2),
        reference: text(5),
        agency: text(6),
        version: [text(7, 1), text(7, 2), text(7, 3)].filter((part) => part !== '').join(':'),
      },
      messages: [],
      issues: [],
    };
  }

  private closeGroup(une: LocatedEdifactSegment | undefined, closedBy: string): void {
    this.closeMessage(undefined, une === undefined ? closedBy : `the UNE at line ${une.line}`);
    const group = this.group;
    if (group === undefined) {
      if (une !== undefined) {
        this.stray(une, `UNE at line ${une.line} has no matching UNG`);
      }
      return;
    }
    const reference = group.info.reference;
    if (une === undefined) {
      group.issues.push({ severity: 'error', level: 'group', rule: 'group-trailer-missing', message: `group ${reference} (UNG at line ${group.ung.line}) has no UNE trailer before ${closedBy}`, line: group.ung.line, segmentId: 'UNG' });
    } else {
      const count = elementText(une.elements[0]).trim();
      if (!sameNumber(count, String(group.messages.length))) {
        group.issues.push({ ...trailerIssue(une, 1, count), level: 'group', rule: 'group-message-count', message: `UNE01 is ${quote(count)} but group ${reference} has ${group.messages.length} messages` });
      }
      const trailerReference = elementText(une.elements[1]).trim();
      if (trailerReference !== reference) {
        group.issues.push({ ...trailerIssue(une, 2, trailerReference), level: 'group', rule: 'group-reference', message: `UNE02 ${quote(trailerReference)} does not match UNG05 ${quote(reference)}` });
      }
    }
    for (const message of group.messages) {
      message.issues.push(...group.issues);
    }
    if (group.messages.length === 0 && this.interchange !== undefined) {
      this.interchange.issues.push(...group.issues.filter((issue) => issue.severity === 'error'));
    }
    this.group = undefined;
  }

  private openMessage(unh: LocatedEdifactSegment): void {
    const text = (element: number, component?: number): string => elementText(unh.elements[element - 1], component).trim();
    const message: EdifactMessageEnvelope = {
      interchange: this.interchange?.info ?? emptyInterchange(),
      reference: text(1),
      messageType: { type: text(2, 1), version: text(2, 2), release: text(2, 3), agency: text(2, 4) },
      segments: [unh],
      issues: [],
      line: unh.line,
    };
    if (text(2, 5) !== '') {
      message.messageType.associationCode = text(2, 5);
    }
    if (this.group !== undefined) {
      message.group = this.group.info;
      this.group.messages.push(message);
    } else if (this.interchange !== undefined) {
      this.interchange.looseMessageCount++;
    }
    if (this.interchange === undefined) {
      message.issues.push({ severity: 'error', level: 'set', rule: 'message-outside-interchange', message: `UNH at line ${unh.line} is outside any UNB interchange`, line: unh.line, segmentId: 'UNH', segmentPosition: 1 });
    } else {
      this.interchange.messages.push(message);
    }
    this.messages.push(message);
    this.message = message;
  }

  private closeMessage(unt: LocatedEdifactSegment | undefined, closedBy: string): void {
    const message = this.message;
    if (message === undefined) {
      return;
    }
    this.message = undefined;
    const rules = TRAILER_RULES.UNT;
    if (unt === undefined) {
      message.issues.push({
        severity: 'error',
        level: 'set',
        rule: rules.missing,
        message: `message ${message.reference} (UNH at line ${message.line}) has no UNT trailer before ${closedBy}`,
        line: message.line,
        segmentId: 'UNH',
        segmentPosition: 1,
      });
      return;
    }
    message.segments.push(unt);
    const position = message.segments.length;
    const count = elementText(unt.elements[0]).trim();
    if (!sameNumber(count, String(position))) {
      message.issues.push({ ...trailerIssue(unt, 1, count), segmentPosition: position, level: 'set', rule: rules.count, message: `UNT01 is ${quote(count)} but the message has ${position} segments from UNH to UNT` });
    }
    const trailerReference = elementText(unt.elements[1]).trim();
    if (trailerReference !== message.reference) {
      message.issues.push({ ...trailerIssue(unt, 2, trailerReference), segmentPosition: position, level: 'set', rule: rules.reference, message: `UNT02 ${quote(trailerReference)} does not match UNH01 ${quote(message.reference)}` });
    }
  }
}

function party(id: string, qualifier: string, routing: string): EdifactParty {
  const result: EdifactParty = { id };
  if (qualifier !== '') {
    result.qualifier = qualifier;
  }
  if (routing !== '') {
    result.routing = routing;
  }
  return result;
}

function trailerIssue(segment: LocatedEdifactSegment, elementPosition: number, value: string): Omit<EdiIssue, 'level' | 'rule' | 'message'> {
  return {
    severity: 'error',
    line: segment.line,
    filePosition: segment.filePosition,
    segmentId: segment.id,
    element: `${segment.id}${String(elementPosition).padStart(2, '0')}`,
    elementPosition,
    value,
  };
}

function sameNumber(left: string, right: string): boolean {
  if (/^\d+$/.test(left) && /^\d+$/.test(right)) {
    return BigInt(left) === BigInt(right);
  }
  return left === right;
}

function quote(value: string): string {
  return value === '' ? '(empty)' : `'${value}'`;
}

function emptyInterchange(): EdifactInterchangeInfo {
  return { syntax: { identifier: '', version: '' }, sender: { id: '' }, recipient: { id: '' }, date: '', time: '', controlReference: '' };
}
