/**
 * `x12.ack`: turns received transaction set records (from `x12.read`, both its `out` and its
 * error port) into 997 functional acknowledgment records, one per received functional group,
 * and TA1 interchange acknowledgment records, ready for `x12.write`. It keeps the envelope data
 * of every set in memory until its input ends, because AK9 counts a whole group.
 */
import { defineNodeKind, InputError, type FlowRecord } from '../../engine/sdk/index.js';
import type { EdiIssue } from '../edi-common/edi-types.js';
import { buildAcknowledgments, type Acknowledgment, type ReceivedSet } from '../x12-common/x12-acknowledgment.js';
import { buildX12Document } from '../x12-common/x12-documents.js';
import type { X12GroupInfo, X12InterchangeInfo } from '../x12-common/x12-envelope.js';
import { buildInterchangeAcknowledgment, receivedInterchangeKey, type InterchangeAcknowledgment } from '../x12-common/x12-interchange-acknowledgment.js';
import { X12AckConfigSchema } from './x12-ack.schema.js';

export const x12AckNode = defineNodeKind({
  type: 'x12.ack',
  version: 1,
  category: 'transform',
  title: 'X12 997 acknowledgment',
  description: 'Builds a 997 functional acknowledgment per received functional group from x12.read records, accepted and failed alike, and a TA1 for interchanges that request one or were rejected.',
  configSchema: X12AckConfigSchema,
  defaultConfig: {},
  hasInput: true,
  outputs: () => ['out'],
  create(config) {
    const received: { set: ReceivedSet; origin: FlowRecord['origin'] }[] = [];
    return {
      process(batch, out) {
        for (const record of batch) {
          const set = receivedSet(record);
          if (set === undefined) {
            // A file-level problem of x12.read (a file that is not X12) arrives here with its
            // message as the last error; naming it tells the operator what is wrong with the file.
            const reported = record.errors?.at(-1)?.message;
            const message = 'record is not an X12 transaction set from x12.read: it needs transactionSet, controlNumber, interchange and group';
            out.fail(record, new InputError(reported === undefined ? message : `${message}; the reader reported: ${reported}`, { field: 'transactionSet' }));
            continue;
          }
          if (set.transactionSet === '997' && config.skipAcknowledgments !== false) {
            continue;
          }
          received.push({ set, origin: record.origin });
        }
      },
      finish(out) {
        const origins = new Map(received.map(({ set, origin }) => [`${set.interchange.controlNumber}-${set.group.controlNumber}`, origin]));
        const policy = config.interchangeAcknowledgment ?? 'requested-or-rejected';
        for (const sets of groupByInterchange(received.map(({ set }) => set))) {
          const interchangeAcknowledgment = buildInterchangeAcknowledgment(sets, policy);
          if (interchangeAcknowledgment !== undefined) {
            const first = sets[0] as ReceivedSet;
            const origin = origins.get(`${first.interchange.controlNumber}-${first.group.controlNumber}`) ?? { node: 'x12.ack', index: 0 };
            out.emit('out', { key: interchangeAcknowledgment.acknowledgedInterchange, origin, data: interchangeAcknowledgmentData(interchangeAcknowledgment) });
          }
          for (const acknowledgment of buildAcknowledgments(sets)) {
            const origin = origins.get(acknowledgment.acknowledgedGroup) ?? { node: 'x12.ack', index: 0 };
            out.emit('out', { key: acknowledgment.acknowledgedGroup, origin, data: acknowledgmentData(acknowledgment) });
          }
        }
      },
    };
  },
});

/** Splits received sets by interchange, in the order first seen, so each interchange's TA1 goes out before its 997s. */
function groupByInterchange(sets: readonly ReceivedSet[]): ReceivedSet[][] {
  const interchanges = new Map<string, ReceivedSet[]>();
  for (const set of sets) {
    const key = receivedInterchangeKey(set.interchange);
    const members = interchanges.get(key) ?? [];
    members.push(set);
    interchanges.set(key, members);
  }
  return [...interchanges.values()];
}

function acknowledgmentData(acknowledgment: Acknowledgment): Record<string, unknown> {
  const data: Record<string, unknown> = {
    format: 'x12',
    transactionSet: '997',
    interchange: acknowledgment.interchange,
    group: acknowledgment.group,
    acknowledgedGroup: acknowledgment.acknowledgedGroup,
    status: acknowledgment.status,
    segments: acknowledgment.body,
  };
  const document = buildX12Document('997', acknowledgment.body);
  if (document !== undefined) {
    data.document = document.document;
  }
  return data;
}

/** Builds the data of a TA1 record. It has no transactionSet, so x12.write puts its segments between the ISA and the first GS. */
function interchangeAcknowledgmentData(acknowledgment: InterchangeAcknowledgment): Record<string, unknown> {
  return {
    format: 'x12',
    interchange: acknowledgment.interchange,
    acknowledgedInterchange: acknowledgment.acknowledgedInterchange,
    status: acknowledgment.status,
    noteCode: acknowledgment.noteCode,
    segments: [acknowledgment.segment],
  };
}

/** Reads the envelope and issues of an `x12.read` record, or undefined when it is not one. */
function receivedSet(record: FlowRecord): ReceivedSet | undefined {
  const data = record.data;
  if (typeof data.transactionSet !== 'string' || typeof data.controlNumber !== 'string' || !isObject(data.interchange) || !isObject(data.group)) {
    return undefined;
  }
  const errors = Array.isArray(data.errors) ? (data.errors as unknown[]).filter(isIssue) : [];
  const set: ReceivedSet = {
    interchange: data.interchange as unknown as X12InterchangeInfo,
    group: data.group as unknown as X12GroupInfo,
    transactionSet: data.transactionSet,
    controlNumber: data.controlNumber,
    errors,
    warningCount: Array.isArray(data.warnings) ? data.warnings.length : 0,
  };
  if (typeof data.implementationReference === 'string') {
    set.implementationReference = data.implementationReference;
  }
  return set;
}

function isIssue(value: unknown): value is EdiIssue {
  return isObject(value) && typeof value.rule === 'string' && typeof value.level === 'string' && typeof value.severity === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
