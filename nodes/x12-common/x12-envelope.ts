/**
 * Groups X12 segments into interchanges (ISA/IEA), functional groups (GS/GE) and transaction sets
 * (ST/SE), and checks the control numbers and counts their trailers carry:
 *
 * | trailer | checks | rule |
 * |---|---|---|
 * | SE | SE01 equals the segments from ST to SE; SE02 equals ST02 | `set-segment-count`, `set-control-number` |
 * | GE | GE01 equals the sets in the group; GE02 equals GS06 | `group-set-count`, `group-control-number` |
 * | IEA | IEA01 equals the groups; IEA02 equals ISA13 | `interchange-group-count`, `interchange-control-number` |
 *
 * Numeric control numbers compare as numbers, so `3438` matches `000003438`. A mismatch is an
 * error on the sets it affects: an SE problem on that set only, a GE problem on the sets of that
 * group, an IEA problem on the sets of that interchange. Other sets are unaffected.
 */
import { elementText, type EdiIssue, type EdiSegment } from '../edi-common/edi-types.js';
import type { X12Separators } from './x12-header.js';
import type { LocatedSegment } from './x12-tokenizer.js';

/** Values of the ISA header, trimmed of padding. */
export interface X12InterchangeInfo {
  controlNumber: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** ISA09, YYMMDD. */
  date: string;
  /** ISA10, HHMM. */
  time: string;
  /** ISA12, for example `00401`. */
  version: string;
  /** ISA14: `1` when the sender requests an interchange acknowledgment. */
  acknowledgmentRequested: string;
  /** ISA15: `P` production, `T` test. */
  usage: string;
  /** ISB and ISE service segments between ISA and the first GS, when present. */
  serviceSegments?: EdiSegment[];
}

/** Returns the interchange envelope of a reply: the same interchange with sender and receiver swapped. */
export function replyInterchange(interchange: X12InterchangeInfo): X12InterchangeInfo {
  return {
    ...interchange,
    senderQualifier: interchange.receiverQualifier,
    senderId: interchange.receiverId,
    receiverQualifier: interchange.senderQualifier,
    receiverId: interchange.senderId,
  };
}

/** Values of the GS header. */
export interface X12GroupInfo {
  /** GS01, for example `PO` for purchase orders. */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  /** GS04, CCYYMMDD (YYMMDD in old versions). */
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS07, `X` for ASC X12. */
  agency: string;
  /** GS08, for example `004010` or `004010VICS`. */
  version: string;
}

/** One transaction set as found in the file, with every issue that affects it. */
export interface X12SetEnvelope {
  interchange: X12InterchangeInfo;
  group?: X12GroupInfo;
  separators: X12Separators;
  /** ST01, for example `850`. */
  setId: string;
  /** ST02. */
  controlNumber: string;
  /** ST03, the implementation convention reference of version 005010 and later. */
  implementationReference?: string;
  /** ST to SE inclusive (ST alone when SE is missing). */
  segments: LocatedSegment[];
  issues: EdiIssue[];
  line: number;
}

export interface EnvelopeResult {
  sets: X12SetEnvelope[];
  /** Problems that affect no set: segments outside any interchange, interchanges without sets. */
  issues: EdiIssue[];
  interchangeCount: number;
  groupCount: number;
}

interface OpenInterchange {
  isa: LocatedSegment;
  info: X12InterchangeInfo;
  separators: X12Separators;
  groupCount: number;
  sets: X12SetEnvelope[];
  issues: EdiIssue[];
}

interface OpenGroup {
  gs: LocatedSegment;
  info: X12GroupInfo;
  sets: X12SetEnvelope[];
  issues: EdiIssue[];
}

/** Walks the segments of a file and returns its transaction sets with their issues. */
export function groupX12Segments(segments: readonly LocatedSegment[]): EnvelopeResult {
  const walker = new EnvelopeWalker();
  for (const segment of segments) {
    walker.accept(segment);
  }
  walker.finish();
  return { sets: walker.sets, issues: walker.issues, interchangeCount: walker.interchangeCount, groupCount: walker.groupCount };
}

class EnvelopeWalker {
  readonly sets: X12SetEnvelope[] = [];
  readonly issues: EdiIssue[] = [];
  interchangeCount = 0;
  groupCount = 0;
  private interchange: OpenInterchange | undefined;
  private group: OpenGroup | undefined;
  private set: X12SetEnvelope | undefined;

  accept(segment: LocatedSegment): void {
    switch (segment.id) {
      case 'ISA':
        this.closeInterchange(undefined, `the ISA at line ${segment.line}`);
        this.openInterchange(segment);
        return;
      case 'IEA':
        this.closeInterchange(segment);
        return;
      case 'GS':
        this.closeGroup(undefined, `the GS at line ${segment.line}`);
        this.openGroup(segment);
        return;
      case 'GE':
        this.closeGroup(segment);
        return;
      case 'ST':
        this.closeSet(undefined, `the ST at line ${segment.line}`);
        this.openSet(segment);
        return;
      case 'SE':
        if (this.set === undefined) {
          this.strayIssue(segment, 'trailer-without-header', `SE at line ${segment.line} has no matching ST`);
          return;
        }
        this.closeSet(segment);
        return;
      default:
        this.acceptContent(segment);
    }
  }

  finish(): void {
    this.closeInterchange(undefined, 'the end of the file');
  }

  private acceptContent(segment: LocatedSegment): void {
    if (this.set !== undefined) {
      this.set.segments.push(segment);
      if (!/^[A-Z][A-Z0-9]{1,2}$/.test(segment.id)) {
        this.set.issues.push({
          ...segmentLocation(segment, this.set.segments.length),
          severity: 'error',
          level: 'set',
          rule: 'segment-id',
          message: `segment tag '${segment.id}' is not two or three capitals and digits starting with a capital`,
          code: '1',
        });
      }
      for (const warning of segment.warnings ?? []) {
        this.set.issues.push({ ...segmentLocation(segment, this.set.segments.length), severity: 'warning', level: 'set', rule: 'segment-terminator', message: warning });
      }
      return;
    }
    if ((segment.id === 'ISB' || segment.id === 'ISE' || segment.id === 'TA1') && this.interchange !== undefined && this.group === undefined) {
      (this.interchange.info.serviceSegments ??= []).push({ id: segment.id, elements: segment.elements });
      return;
    }
    this.strayIssue(segment, 'segment-outside-set', `${segment.id} at line ${segment.line} is outside any transaction set; it was left out`);
  }

  /** Records a segment that belongs nowhere, as a warning on the enclosing group or interchange. */
  private strayIssue(segment: LocatedSegment, rule: string, message: string): void {
    const issue: EdiIssue = { severity: 'warning', level: 'group', rule, message, line: segment.line, filePosition: segment.filePosition, segmentId: segment.id };
    if (this.group !== undefined) {
      this.group.issues.push(issue);
    } else if (this.interchange !== undefined) {
      this.interchange.issues.push({ ...issue, level: 'interchange' });
    } else {
      // Content outside any interchange reaches no record, so it becomes an error of its own.
      this.issues.push({ ...issue, severity: 'error', level: 'file' });
    }
  }

  private openInterchange(isa: LocatedSegment): void {
    const field = (position: number): string => elementText(isa.elements[position - 1]).trim();
    this.interchangeCount++;
    this.interchange = {
      isa,
      info: {
        controlNumber: field(13),
        senderQualifier: field(5),
        senderId: field(6),
        receiverQualifier: field(7),
        receiverId: field(8),
        date: field(9),
        time: field(10),
        version: field(12),
        acknowledgmentRequested: field(14),
        usage: field(15),
      },
      separators: isa.header?.separators ?? { element: '*', component: '', repetition: '', segment: '~' },
      groupCount: 0,
      sets: [],
      issues: [],
    };
    const layoutWarning = describeIsaWidths(isa);
    if (layoutWarning !== undefined) {
      this.interchange.issues.push({ severity: 'warning', level: 'interchange', rule: 'isa-field-width', message: layoutWarning, line: isa.line, filePosition: isa.filePosition, segmentId: 'ISA' });
    }
  }

  private closeInterchange(iea: LocatedSegment | undefined, closedBy = ''): void {
    const interchange = this.interchange;
    this.closeGroup(undefined, iea === undefined ? closedBy : `the IEA at line ${iea.line}`);
    if (interchange === undefined) {
      if (iea !== undefined) {
        this.issues.push({ severity: 'error', level: 'file', rule: 'trailer-without-header', message: `IEA at line ${iea.line} has no matching ISA`, line: iea.line, segmentId: 'IEA' });
      }
      return;
    }
    const control = interchange.info.controlNumber;
    const problems: EdiIssue[] = [];
    if (iea === undefined) {
      problems.push({
        severity: 'error',
        level: 'interchange',
        rule: 'interchange-trailer-missing',
        message: `interchange ${control} (ISA at line ${interchange.isa.line}) has no IEA trailer before ${closedBy}`,
        line: interchange.isa.line,
        segmentId: 'ISA',
        code: '023',
      });
    } else {
      const count = elementText(iea.elements[0]).trim();
      if (!sameNumber(count, String(interchange.groupCount))) {
        problems.push({
          ...trailerLocation(iea, 'IEA', 1, count),
          level: 'interchange',
          rule: 'interchange-group-count',
          message: `IEA01 is ${quote(count)} but interchange ${control} has ${countOf(interchange.groupCount, 'functional group')}`,
          code: '021',
        });
      }
      const trailerControl = elementText(iea.elements[1]).trim();
      if (!sameNumber(trailerControl, control)) {
        problems.push({
          ...trailerLocation(iea, 'IEA', 2, trailerControl),
          level: 'interchange',
          rule: 'interchange-control-number',
          message: `IEA02 ${quote(trailerControl)} does not match ISA13 ${quote(control)}`,
          code: '001',
        });
      }
    }
    const all = [...interchange.issues, ...problems];
    for (const set of interchange.sets) {
      set.issues.push(...all);
    }
    if (interchange.sets.length === 0) {
      this.issues.push(...all.filter((issue) => issue.severity === 'error').map((issue) => ({ ...issue, level: 'file' as const })));
    }
    this.interchange = undefined;
  }

  private openGroup(gs: LocatedSegment): void {
    const field = (position: number): string => elementText(gs.elements[position - 1]).trim();
    this.groupCount++;
    if (this.interchange === undefined) {
      this.issues.push({ severity: 'error', level: 'file', rule: 'group-outside-interchange', message: `GS at line ${gs.line} is outside any ISA interchange`, line: gs.line, segmentId: 'GS' });
    } else {
      this.interchange.groupCount++;
    }
    this.group = {
      gs,
      info: {
        functionalId: field(1),
        senderCode: field(2),
        receiverCode: field(3),
        date: field(4),
        time: field(5),
        controlNumber: field(6),
        agency: field(7),
        version: field(8),
      },
      sets: [],
      issues: [],
    };
  }

  private closeGroup(ge: LocatedSegment | undefined, closedBy = ''): void {
    this.closeSet(undefined, ge === undefined ? closedBy : `the GE at line ${ge.line}`);
    const group = this.group;
    if (group === undefined) {
      if (ge !== undefined) {
        this.strayIssue(ge, 'trailer-without-header', `GE at line ${ge.line} has no matching GS`);
      }
      return;
    }
    const control = group.info.controlNumber;
    if (ge === undefined) {
      group.issues.push({
        severity: 'error',
        level: 'group',
        rule: 'group-trailer-missing',
        message: `group ${control} (GS at line ${group.gs.line}) has no GE trailer before ${closedBy}`,
        line: group.gs.line,
        segmentId: 'GS',
        code: '3',
      });
    } else {
      const count = elementText(ge.elements[0]).trim();
      if (!sameNumber(count, String(group.sets.length))) {
        group.issues.push({
          ...trailerLocation(ge, 'GE', 1, count),
          level: 'group',
          rule: 'group-set-count',
          message: `GE01 is ${quote(count)} but group ${control} has ${countOf(group.sets.length, 'transaction set')}`,
          code: '5',
        });
      }
      const trailerControl = elementText(ge.elements[1]).trim();
      if (!sameNumber(trailerControl, control)) {
        group.issues.push({
          ...trailerLocation(ge, 'GE', 2, trailerControl),
          level: 'group',
          rule: 'group-control-number',
          message: `GE02 ${quote(trailerControl)} does not match GS06 ${quote(control)}`,
          code: '4',
        });
      }
    }
    for (const set of group.sets) {
      set.issues.push(...group.issues);
    }
    if (group.sets.length === 0 && this.interchange !== undefined) {
      this.interchange.issues.push(...group.issues.filter((issue) => issue.severity === 'error'));
    }
    this.group = undefined;
  }

  private openSet(st: LocatedSegment): void {
    const setId = elementText(st.elements[0]).trim();
    const set: X12SetEnvelope = {
      interchange: this.interchange?.info ?? emptyInterchange(),
      separators: this.interchange?.separators ?? { element: '*', component: '', repetition: '', segment: '~' },
      setId,
      controlNumber: elementText(st.elements[1]).trim(),
      segments: [st],
      issues: [],
      line: st.line,
    };
    const reference = elementText(st.elements[2]).trim();
    if (reference !== '') {
      set.implementationReference = reference;
    }
    if (this.group === undefined) {
      set.issues.push({ ...segmentLocation(st, 1), severity: 'error', level: 'set', rule: 'set-outside-group', message: `ST at line ${st.line} is not inside a GS functional group` });
    } else {
      set.group = this.group.info;
      this.group.sets.push(set);
    }
    if (this.interchange !== undefined) {
      this.interchange.sets.push(set);
    }
    if (!/^\d{3}$/.test(setId)) {
      set.issues.push({ ...segmentLocation(st, 1), severity: 'error', level: 'set', rule: 'set-identifier', message: `ST01 ${quote(setId)} is not a three-digit transaction set identifier`, element: 'ST01', elementPosition: 1, value: setId, code: '1' });
    }
    this.sets.push(set);
    this.set = set;
  }

  private closeSet(se: LocatedSegment | undefined, closedBy = ''): void {
    const set = this.set;
    if (set === undefined) {
      return;
    }
    this.set = undefined;
    if (se === undefined) {
      set.issues.push({
        ...segmentLocation(set.segments[0] as LocatedSegment, 1),
        severity: 'error',
        level: 'set',
        rule: 'set-trailer-missing',
        message: `transaction set ${set.controlNumber} (ST at line ${set.line}) has no SE trailer before ${closedBy}`,
        code: '2',
      });
      return;
    }
    set.segments.push(se);
    const position = set.segments.length;
    const count = elementText(se.elements[0]).trim();
    if (!sameNumber(count, String(position))) {
      set.issues.push({
        ...segmentLocation(se, position),
        severity: 'error',
        level: 'set',
        rule: 'set-segment-count',
        message: `SE01 is ${quote(count)} but the set has ${countOf(position, 'segment')} from ST to SE`,
        element: 'SE01',
        elementPosition: 1,
        value: count,
        code: '4',
      });
    }
    const trailerControl = elementText(se.elements[1]).trim();
    if (trailerControl !== set.controlNumber) {
      set.issues.push({
        ...segmentLocation(se, position),
        severity: 'error',
        level: 'set',
        rule: 'set-control-number',
        message: `SE02 ${quote(trailerControl)} does not match ST02 ${quote(set.controlNumber)}`,
        element: 'SE02',
        elementPosition: 2,
        value: trailerControl,
        code: '3',
      });
    }
  }
}

/** Widths of ISA01 to ISA15 in the fixed ISA layout; ISA16 is the component separator. */
const ISA_FIELD_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1];

/**
 * Describes the ISA fields whose length differs from the fixed layout, or returns undefined when
 * all fit. Such headers are read anyway (by counting separators), so this is a warning.
 */
function describeIsaWidths(isa: LocatedSegment): string | undefined {
  const misfits: string[] = [];
  ISA_FIELD_WIDTHS.forEach((width, index) => {
    const value = elementText(isa.elements[index]);
    if (value.length !== width) {
      misfits.push(`ISA${String(index + 1).padStart(2, '0')} '${value}' (${value.length} of ${width} characters)`);
    }
  });
  if (misfits.length === 0) {
    return undefined;
  }
  return `line ${isa.line}: ISA fields differ from their fixed width: ${misfits.join(', ')}; they were read as written, but the partner should write each at its full width (ISA13 padded with leading zeros, the others with trailing spaces)`;
}

function segmentLocation(segment: LocatedSegment, position: number): Pick<EdiIssue, 'line' | 'filePosition' | 'segmentId' | 'segmentPosition'> {
  return { line: segment.line, filePosition: segment.filePosition, segmentId: segment.id, segmentPosition: position };
}

function trailerLocation(segment: LocatedSegment, id: string, elementPosition: number, value: string): Omit<EdiIssue, 'level' | 'rule' | 'message'> {
  return {
    severity: 'error',
    line: segment.line,
    filePosition: segment.filePosition,
    segmentId: id,
    element: `${id}${String(elementPosition).padStart(2, '0')}`,
    elementPosition,
    value,
  };
}

/** Compares control numbers and counts: as numbers when both are digits, else as text. */
export function sameNumber(left: string, right: string): boolean {
  if (/^\d+$/.test(left) && /^\d+$/.test(right)) {
    return BigInt(left) === BigInt(right);
  }
  return left === right;
}

function quote(value: string): string {
  return value === '' ? '(empty)' : `'${value}'`;
}

function emptyInterchange(): X12InterchangeInfo {
  return { controlNumber: '', senderQualifier: '', senderId: '', receiverQualifier: '', receiverId: '', date: '', time: '', version: '', acknowledgmentRequested: '', usage: '' };
}

/** Returns `1 segment` or `3 segments`. */
function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
