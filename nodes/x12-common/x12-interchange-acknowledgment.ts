/**
 * Builds TA1 interchange acknowledgments. A TA1 reports on the ISA/IEA envelope of one received
 * interchange, which a 997 cannot do:
 *
 * - TA101, TA102 and TA103 repeat ISA13, ISA09 and ISA10 of the received interchange;
 * - TA104 is `A` (accepted) or `R` (rejected: the reader failed the interchange's sets);
 * - TA105 is the note code: `000` without an error, else the code of the reader's first
 *   interchange error, `023` (IEA missing), `021` (IEA01 count wrong) or `001` (IEA02 differs
 *   from ISA13).
 *
 * NOTE: TA104 `E` (accepted with errors) is never built. With `controlChecks: warning` on the
 * reader, an interchange error becomes a warning message on the sets, which carries no code, so
 * their TA1 reports `A` while their 997 reports `E`.
 */
import type { EdiIssue, EdiSegment } from '../edi-common/edi-types.js';
import { replyInterchange, type X12InterchangeInfo } from './x12-envelope.js';

/** When a TA1 is built: when ISA14 requests it or the interchange was rejected, only when requested, or never. */
export type InterchangeAcknowledgmentPolicy = 'requested-or-rejected' | 'requested' | 'never';

/** The envelope and reader errors of one received set, as far as the TA1 needs them. */
export interface ReceivedInterchangeSet {
  interchange: X12InterchangeInfo;
  errors: readonly EdiIssue[];
}

/** One TA1 to send back, with the partners swapped. */
export interface InterchangeAcknowledgment {
  interchange: X12InterchangeInfo;
  /** ISA13 of the received interchange. */
  acknowledgedInterchange: string;
  status: 'A' | 'R';
  /** TA105. */
  noteCode: string;
  segment: EdiSegment;
}

/** TA105 when the interchange has no error. */
const NO_ERROR = '000';

/** Returns the key that distinguishes received interchanges: sender and ISA13. */
export function receivedInterchangeKey(interchange: X12InterchangeInfo): string {
  return [interchange.senderQualifier, interchange.senderId, interchange.controlNumber].join('\u0000');
}

/**
 * Builds the TA1 for the sets of one received interchange, or returns undefined when `policy`
 * leaves it out. ISA14 `1` requests a TA1.
 */
export function buildInterchangeAcknowledgment(sets: readonly ReceivedInterchangeSet[], policy: InterchangeAcknowledgmentPolicy): InterchangeAcknowledgment | undefined {
  const first = sets[0];
  if (first === undefined || policy === 'never') {
    return undefined;
  }
  const interchange = first.interchange;
  const errors = sets.flatMap((set) => set.errors.filter((issue) => issue.level === 'interchange' && issue.severity === 'error'));
  const requested = interchange.acknowledgmentRequested === '1';
  if (!requested && (policy === 'requested' || errors.length === 0)) {
    return undefined;
  }
  const status = errors.length > 0 ? 'R' : 'A';
  const noteCode = errors.find((issue) => issue.code !== undefined)?.code ?? NO_ERROR;
  return {
    interchange: replyInterchange(interchange),
    acknowledgedInterchange: interchange.controlNumber,
    status,
    noteCode,
    segment: { id: 'TA1', elements: [interchange.controlNumber, interchange.date, interchange.time, status, noteCode] },
  };
}
