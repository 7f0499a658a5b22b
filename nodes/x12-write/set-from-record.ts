/**
 * Turns a record into a transaction set to write: from its generic `segments` (as `x12.read` and
 * `x12.ack` produce them), or from a readable `document` of a set type the writer builds. A TA1
 * record of `x12.ack` becomes interchange-level segments instead.
 */
import { InputError, type FlowRecord } from '../../engine/sdk/index.js';
import type { EdiElement, EdiSegment } from '../edi-common/edi-types.js';
import { FUNCTIONAL_IDS, WRITABLE_SET_TYPES } from '../x12-common/x12-document-maps.js';
import { x12DocumentToSegments } from '../x12-common/x12-documents.js';
import type { InterchangePartners, X12Party, SetToWrite } from '../x12-common/x12-interchange-writer.js';
import type { X12WriteConfig } from './x12-write.schema.js';

/** Builds the set to write from a record, or throws an InputError that names the missing or invalid field. */
export function setFromRecord(record: FlowRecord, config: X12WriteConfig): SetToWrite {
  const data = record.data;
  const segments = data.segments === undefined ? undefined : readSegments(data.segments);
  const setId = text(data.transactionSet) ?? (segments?.[0]?.id === 'ST' ? elementValue(segments[0].elements[0]) : undefined);
  if (setId === undefined || !/^\d{3}$/.test(setId)) {
    throw new InputError('record has no transactionSet (ST01, three digits); set data.transactionSet or start data.segments with ST', { field: 'transactionSet' });
  }

  let body: EdiSegment[];
  if (segments !== undefined) {
    const start = segments[0]?.id === 'ST' ? 1 : 0;
    const end = segments[segments.length - 1]?.id === 'SE' ? segments.length - 1 : segments.length;
    body = segments.slice(start, end);
  } else if (isObject(data.document) && (WRITABLE_SET_TYPES as readonly string[]).includes(setId)) {
    body = x12DocumentToSegments(setId, data.document);
  } else {
    throw new InputError(`record for set ${setId} has neither segments nor a document that x12.write builds (${WRITABLE_SET_TYPES.join(', ')})`, { field: 'segments' });
  }

  const group = isObject(data.group) ? data.group : {};
  const partners = partnersFromRecord(record, config);
  const { sender, receiver } = partners;
  const functionalId = FUNCTIONAL_IDS[setId] ?? text(group.functionalId);
  if (functionalId === undefined) {
    throw new InputError(`set ${setId} has no known functional group id; give the record group.functionalId (GS01)`, { field: 'group.functionalId' });
  }
  const set: SetToWrite = {
    ...partners,
    senderCode: config.applicationSender ?? text(group.senderCode) ?? sender.id,
    receiverCode: config.applicationReceiver ?? text(group.receiverCode) ?? receiver.id,
    functionalId,
    groupVersion: config.groupVersion ?? text(group.version) ?? '004010',
    setId,
    body,
  };
  checkLength(set.senderCode, 2, 15, 'application sender code (GS02)');
  checkLength(set.receiverCode, 2, 15, 'application receiver code (GS03)');
  checkLength(set.groupVersion, 1, 12, 'version (GS08)');
  const reference = text(data.implementationReference);
  if (reference !== undefined) {
    set.implementationReference = reference;
  }
  if (config.setControlNumbers === 'keep') {
    const keptNumber = text(data.controlNumber) ?? (segments?.[0]?.id === 'ST' ? elementValue(segments[0].elements[1]) : undefined);
    if (keptNumber === undefined || !/^[0-9]{4,9}$/.test(keptNumber)) {
      throw new InputError(`set ${setId} has no controlNumber of 4 to 9 digits to keep; setControlNumbers is 'keep'`, { field: 'controlNumber' });
    }
    set.controlNumber = keptNumber;
  }
  return set;
}

/**
 * True for a record of interchange-level segments, as `x12.ack` makes for a TA1: no
 * transactionSet, and segments that are all TA1.
 */
export function isInterchangeSegmentRecord(record: FlowRecord): boolean {
  const { transactionSet, segments } = record.data;
  return (
    transactionSet === undefined &&
    Array.isArray(segments) &&
    segments.length > 0 &&
    segments.every((segment: unknown) => isObject(segment) && segment.id === 'TA1')
  );
}

/** Builds the interchange-level segments to write from a TA1 record, or throws an InputError that names the invalid field. */
export function interchangeSegmentsFromRecord(record: FlowRecord, config: X12WriteConfig): InterchangePartners & { segments: EdiSegment[] } {
  return { ...partnersFromRecord(record, config), segments: readSegments(record.data.segments) };
}

/**
 * Returns the interchange partners from the node's config, else from the record's `interchange`.
 * Without a configured usage, a record's interchange usage (ISA15) carries over, so the 997 of a
 * test interchange is marked as a test too.
 */
function partnersFromRecord(record: FlowRecord, config: X12WriteConfig): InterchangePartners {
  const interchange = isObject(record.data.interchange) ? record.data.interchange : {};
  const sender = config.sender ?? party(interchange.senderQualifier, interchange.senderId, 'sender');
  const receiver = config.receiver ?? party(interchange.receiverQualifier, interchange.receiverId, 'receiver');
  checkLength(sender.qualifier, 2, 2, 'sender qualifier (ISA05)');
  checkLength(sender.id, 1, 15, 'sender id (ISA06)');
  checkLength(receiver.qualifier, 2, 2, 'receiver qualifier (ISA07)');
  checkLength(receiver.id, 1, 15, 'receiver id (ISA08)');
  const usage = interchange.usage === 'P' || interchange.usage === 'T' ? interchange.usage : undefined;
  return config.usage === undefined && usage !== undefined ? { sender, receiver, usage } : { sender, receiver };
}

/** Rejects a value that does not fit its envelope field, instead of cutting it when padding the ISA. */
function checkLength(value: string, minimum: number, maximum: number, name: string): void {
  if (value.length < minimum || value.length > maximum) {
    const size = minimum === maximum ? `${minimum} characters` : `${minimum} to ${maximum} characters`;
    throw new InputError(`${name} '${value}' has ${value.length} characters; it must have ${size}`, { field: name });
  }
}

function party(qualifier: unknown, id: unknown, role: 'sender' | 'receiver'): X12Party {
  const qualifierText = text(qualifier);
  const value = text(id);
  if (qualifierText === undefined || value === undefined) {
    throw new InputError(`no interchange ${role}: set the node's ${role} or give the record interchange.${role}Qualifier and interchange.${role}Id`, { field: role });
  }
  return { qualifier: qualifierText, id: value };
}

/** Checks the shape of generic segments: `{ id, elements }` with string, string[] or string[][] elements. */
function readSegments(value: unknown): EdiSegment[] {
  if (!Array.isArray(value)) {
    throw new InputError('segments must be an array of { id, elements }', { field: 'segments' });
  }
  return value.map((segment: unknown, index) => {
    if (!isObject(segment) || typeof segment.id !== 'string' || !/^[A-Z][A-Z0-9]{1,2}$/.test(segment.id) || !Array.isArray(segment.elements)) {
      throw new InputError(`segments[${index}] must be { id, elements } with an id of two or three capitals or digits`, { field: `segments.${index}` });
    }
    const id = segment.id;
    const elements = segment.elements.map((element: unknown, elementIndex) => {
      if (!isElement(element)) {
        throw new InputError(`segments[${index}] (${id}) element ${elementIndex + 1} must be a string, an array of strings or an array of string arrays`, {
          field: `segments.${index}.elements.${elementIndex}`,
        });
      }
      return element;
    });
    return { id, elements };
  });
}

function isElement(value: unknown): value is EdiElement {
  if (typeof value === 'string') {
    return true;
  }
  if (!Array.isArray(value)) {
    return false;
  }
  return value.every((part) => typeof part === 'string') || value.every((part) => Array.isArray(part) && part.every((inner) => typeof inner === 'string'));
}

function elementValue(element: EdiElement | undefined): string | undefined {
  return typeof element === 'string' && element.trim() !== '' ? element.trim() : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
