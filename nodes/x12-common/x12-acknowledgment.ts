/**
 * Builds 997 functional acknowledgments for received transaction sets, one 997 per received
 * functional group:
 *
 * - AK1 names the group (GS01, GS06 and, from version 005010 on, GS08);
 * - AK2 names each set. AK3 follows for each segment in error and AK4 for each element in error.
 *   AK5 gives the set's status: A accepted, E accepted with errors (the set was read with warnings,
 *   such as a recovered terminator), R rejected;
 * - AK9 gives the group's status (A, E, P partially accepted, R) and counts.
 *
 * A set is rejected whenever the reader failed it, whatever level the error sits at, because the
 * flow did not take it. An error of its group (GE missing or wrong) or of its interchange (IEA
 * missing or wrong) rejects it too. Code list 718 has no AK502 value for those, so such an AK5
 * carries no code: the group's reason is in AK905, and the interchange's in the TA1 that
 * `buildInterchangeAcknowledgment` (x12-interchange-acknowledgment.ts) builds.
 */
import type { EdiIssue, EdiSegment } from '../edi-common/edi-types.js';
import { replyInterchange, type X12GroupInfo, type X12InterchangeInfo } from './x12-envelope.js';

/** Envelope and issues of one received set, as the generator needs them. */
export interface ReceivedSet {
  interchange: X12InterchangeInfo;
  group: X12GroupInfo;
  transactionSet: string;
  controlNumber: string;
  implementationReference?: string;
  /** Errors and warnings the reader found, from `data.errors` and `data.warnings`. */
  errors: readonly EdiIssue[];
  warningCount: number;
}

/** One 997 to send back, with the partners swapped. */
export interface Acknowledgment {
  interchange: X12InterchangeInfo;
  group: X12GroupInfo;
  /** The received group's key, `ISA13-GS06`. */
  acknowledgedGroup: string;
  /** AK1 to AK9, without ST and SE. */
  body: EdiSegment[];
  status: AcknowledgmentStatus;
}

export type AcknowledgmentStatus = 'A' | 'E' | 'P' | 'R';

/** AK5 codes for set-level trailer problems. */
const SET_RULE_CODES: Readonly<Record<string, string>> = {
  'set-trailer-missing': '2',
  'set-control-number': '3',
  'set-segment-count': '4',
  'set-identifier': '6',
};

/** AK9 codes for group-level problems. */
const GROUP_RULE_CODES: Readonly<Record<string, string>> = {
  'group-trailer-missing': '3',
  'group-control-number': '4',
  'group-set-count': '5',
};

/** AK3 code 8: the segment has data element errors (the AK4s tell which). */
const SEGMENT_HAS_ELEMENT_ERRORS = '8';
/** AK5 code 5: one or more segments in error. */
const SEGMENTS_IN_ERROR = '5';

/** Groups received sets by interchange and group, in the order first seen, and builds a 997 for each group. */
export function buildAcknowledgments(sets: readonly ReceivedSet[]): Acknowledgment[] {
  const groups = new Map<string, ReceivedSet[]>();
  for (const set of sets) {
    const key = [set.interchange.senderQualifier, set.interchange.senderId, set.interchange.controlNumber, set.group.controlNumber].join('\u0000');
    const members = groups.get(key) ?? [];
    members.push(set);
    groups.set(key, members);
  }
  return [...groups.values()].map(acknowledgeGroup);
}

function acknowledgeGroup(sets: readonly ReceivedSet[]): Acknowledgment {
  const first = sets[0] as ReceivedSet;
  const { group, interchange } = first;
  const body: EdiSegment[] = [];
  const ak1 = [group.functionalId, group.controlNumber];
  if (group.version >= '005010') {
    ak1.push(group.version);
  }
  body.push({ id: 'AK1', elements: ak1 });

  let accepted = 0;
  const statuses: string[] = [];
  for (const set of sets) {
    const { segments, status } = acknowledgeSet(set);
    body.push(...segments);
    statuses.push(status);
    if (status !== 'R') {
      accepted++;
    }
  }

  const groupCodes = unique(first.errors.filter((issue) => issue.level === 'group' && issue.severity === 'error').map((issue) => GROUP_RULE_CODES[issue.rule]));
  let status: AcknowledgmentStatus;
  if (groupCodes.length > 0 || accepted === 0) {
    status = 'R';
  } else if (accepted < sets.length) {
    status = 'P';
  } else {
    status = statuses.includes('E') ? 'E' : 'A';
  }
  const included = first.errors.find((issue) => issue.rule === 'group-set-count')?.value;
  body.push({ id: 'AK9', elements: [status, /^\d+$/.test(included ?? '') ? String(Number(included)) : String(sets.length), String(sets.length), String(accepted), ...groupCodes] });

  return {
    interchange: replyInterchange(interchange),
    group: { ...group, functionalId: 'FA', senderCode: group.receiverCode, receiverCode: group.senderCode },
    acknowledgedGroup: `${interchange.controlNumber}-${group.controlNumber}`,
    body,
    status,
  };
}

function acknowledgeSet(set: ReceivedSet): { segments: EdiSegment[]; status: 'A' | 'E' | 'R' } {
  const segments: EdiSegment[] = [];
  segments.push({ id: 'AK2', elements: set.implementationReference === undefined ? [set.transactionSet, set.controlNumber] : [set.transactionSet, set.controlNumber, set.implementationReference] });
  const setErrors = set.errors.filter((issue) => issue.level === 'set' && issue.severity === 'error');

  // AK3/AK4 for errors inside the set body, one AK3 per segment position.
  const bySegment = new Map<number, EdiIssue[]>();
  for (const issue of setErrors) {
    if (SET_RULE_CODES[issue.rule] !== undefined || issue.segmentPosition === undefined || issue.segmentId === undefined) {
      continue;
    }
    const list = bySegment.get(issue.segmentPosition) ?? [];
    list.push(issue);
    bySegment.set(issue.segmentPosition, list);
  }
  for (const [position, issues] of [...bySegment.entries()].sort((left, right) => left[0] - right[0])) {
    const first = issues[0] as EdiIssue;
    const elementIssues = issues.filter((issue) => issue.elementPosition !== undefined);
    const segmentCode = elementIssues.length > 0 ? SEGMENT_HAS_ELEMENT_ERRORS : (first.code ?? SEGMENT_HAS_ELEMENT_ERRORS);
    segments.push({ id: 'AK3', elements: [first.segmentId as string, String(position), '', segmentCode] });
    for (const issue of elementIssues) {
      const elementPosition = issue.componentPosition === undefined ? String(issue.elementPosition) : [String(issue.elementPosition), String(issue.componentPosition)];
      const ak4: (string | string[])[] = [elementPosition, '', issue.code ?? '1'];
      if (issue.value !== undefined && issue.value !== '') {
        ak4.push(issue.value.slice(0, 99));
      }
      segments.push({ id: 'AK4', elements: ak4 });
    }
  }

  const codes = unique(setErrors.map((issue) => SET_RULE_CODES[issue.rule] ?? SEGMENTS_IN_ERROR));
  let status: 'A' | 'E' | 'R' = 'A';
  if (set.errors.some((issue) => issue.severity === 'error')) {
    status = 'R';
  } else if (set.warningCount > 0) {
    status = 'E';
  }
  segments.push({ id: 'AK5', elements: [status, ...codes.slice(0, 5)] });
  return { segments, status };
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
