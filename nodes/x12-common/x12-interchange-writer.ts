/**
 * Writes transaction sets into interchanges: opens an ISA/GS envelope, numbers interchanges,
 * groups and sets, counts segments, sets and groups, and closes the envelope with SE/GE/IEA.
 * Interchange-level segments (TA1) go between the ISA and the first GS.
 * Consecutive sets for the same partners share an interchange, and consecutive sets of the same
 * functional group and version share a group. The writer streams, so only one set is in memory
 * at a time.
 */
import { InputError } from '../../engine/sdk/index.js';
import type { EdiSegment } from '../edi-common/edi-types.js';
import { fixedWidth, formatX12Segment, type X12WriteSeparators } from './x12-serializer.js';

export interface X12Party {
  /** ISA05/ISA07 qualifier, for example `ZZ` (mutually defined) or `01` (DUNS). */
  qualifier: string;
  id: string;
}

/** Control numbers a write starts from. Each counter increments by one per interchange, group or set. */
export interface ControlNumberStart {
  interchange: number;
  group: number;
  set: number;
}

export interface InterchangeWriterOptions {
  separators: X12WriteSeparators;
  /** ISA12, for example `00401`. Before `00402` ISA11 is `U` and no element can repeat. */
  version: string;
  /** ISA15: `P` production or `T` test. */
  usage: string;
  acknowledgmentRequested: boolean;
  start: ControlNumberStart;
  /** Time written into ISA09/ISA10 and GS04/GS05. */
  now: Date;
}

/** ISA05/06 and ISA07/08 of an interchange. */
export interface InterchangePartners {
  sender: X12Party;
  receiver: X12Party;
  /** ISA15 of this interchange, when it differs from the writer's `usage`. */
  usage?: string;
}

export interface SetToWrite extends InterchangePartners {
  /** GS02 and GS03. */
  senderCode: string;
  receiverCode: string;
  /** GS01. */
  functionalId: string;
  /** GS08, for example `004010`. */
  groupVersion: string;
  /** ST01. */
  setId: string;
  /** ST03, written when given. */
  implementationReference?: string;
  /** The segments between ST and SE. */
  body: readonly EdiSegment[];
  /** ST02 to keep instead of a generated one. */
  controlNumber?: string;
}

/** The control numbers a set was written under. */
export interface WrittenSet {
  interchange: string;
  group: string;
  set: string;
  /** ST to SE as written. */
  segments: EdiSegment[];
}

const MAX_CONTROL_NUMBER = 999_999_999;

interface OpenInterchange {
  partnerKey: string;
  controlNumber: string;
  groupCount: number;
}

interface OpenGroup {
  groupKey: string;
  controlNumber: string;
  setCount: number;
  setControlNumbers: Set<string>;
}

export class X12InterchangeWriter {
  private interchange: OpenInterchange | undefined;
  private group: OpenGroup | undefined;
  private readonly next: ControlNumberStart;
  private readonly separators: X12WriteSeparators;

  constructor(
    private readonly options: InterchangeWriterOptions,
    private readonly write: (text: string) => Promise<void>,
  ) {
    this.next = { ...options.start };
    this.separators = options.version < '00402' ? { ...options.separators, repetition: '' } : options.separators;
  }

  /** The control numbers the next interchange, group and set would get; store them to continue numbering in the next write. */
  get nextControlNumbers(): ControlNumberStart {
    return { ...this.next };
  }

  /** Separators in effect: the repetition separator is empty for versions before 00402. */
  get effectiveSeparators(): X12WriteSeparators {
    return this.separators;
  }

  /** Writes one set, opening a new interchange or group when the partners or the group change. */
  async add(set: SetToWrite): Promise<WrittenSet> {
    const partnerKey = partnersKey(set, this.options.usage);
    const groupKey = [set.functionalId, set.groupVersion, set.senderCode, set.receiverCode].join('\u0000');
    if (this.interchange?.partnerKey !== partnerKey) {
      await this.end();
      await this.openInterchange(set, partnerKey);
    }
    if (this.group?.groupKey !== groupKey) {
      await this.closeGroup();
      await this.openGroup(set, groupKey);
    }
    const group = this.group as OpenGroup;
    const controlNumber = set.controlNumber ?? String(this.take('set')).padStart(4, '0');
    if (group.setControlNumbers.has(controlNumber)) {
      throw new InputError(`transaction set control number '${controlNumber}' is used twice in group ${group.controlNumber}; ST02 must be unique within a group`, { field: 'ST02' });
    }
    group.setControlNumbers.add(controlNumber);
    const header: EdiSegment = { id: 'ST', elements: set.implementationReference === undefined ? [set.setId, controlNumber] : [set.setId, controlNumber, set.implementationReference] };
    const trailer: EdiSegment = { id: 'SE', elements: [String(set.body.length + 2), controlNumber] };
    const segments = [header, ...set.body, trailer];
    await this.write(segments.map((segment) => formatX12Segment(segment, this.separators)).join(''));
    group.setCount++;
    return { interchange: (this.interchange as OpenInterchange).controlNumber, group: group.controlNumber, set: controlNumber, segments };
  }

  /**
   * Writes interchange-level segments such as a TA1, which X12 places after the ISA and before
   * the first GS. The open interchange takes them while it is for the same partners and has no
   * group yet; otherwise a new interchange is opened. Returns the interchange control number.
   */
  async addInterchangeSegments(partners: InterchangePartners, segments: readonly EdiSegment[]): Promise<string> {
    const partnerKey = partnersKey(partners, this.options.usage);
    if (this.interchange?.partnerKey !== partnerKey || this.interchange.groupCount > 0) {
      await this.end();
      await this.openInterchange(partners, partnerKey);
    }
    for (const segment of segments) {
      await this.emit(segment);
    }
    return (this.interchange as OpenInterchange).controlNumber;
  }

  /** Closes the open group and interchange. Call it once after the last set. */
  async end(): Promise<void> {
    await this.closeGroup();
    const interchange = this.interchange;
    if (interchange === undefined) {
      return;
    }
    this.interchange = undefined;
    await this.emit({ id: 'IEA', elements: [String(interchange.groupCount), interchange.controlNumber] });
  }

  private async openInterchange(partners: InterchangePartners, partnerKey: string): Promise<void> {
    const { now } = this.options;
    const controlNumber = String(this.take('interchange')).padStart(9, '0');
    this.interchange = { partnerKey, controlNumber, groupCount: 0 };
    const date = formatDate(now).slice(2);
    const time = formatTime(now);
    await this.emit({
      id: 'ISA',
      elements: [
        '00',
        fixedWidth('', 10),
        '00',
        fixedWidth('', 10),
        fixedWidth(partners.sender.qualifier, 2),
        fixedWidth(partners.sender.id, 15),
        fixedWidth(partners.receiver.qualifier, 2),
        fixedWidth(partners.receiver.id, 15),
        date,
        time,
        this.separators.repetition === '' ? 'U' : this.separators.repetition,
        this.options.version,
        controlNumber,
        this.options.acknowledgmentRequested ? '1' : '0',
        partners.usage ?? this.options.usage,
        this.separators.component,
      ],
    });
  }

  private async openGroup(set: SetToWrite, groupKey: string): Promise<void> {
    const interchange = this.interchange as OpenInterchange;
    interchange.groupCount++;
    const controlNumber = String(this.take('group'));
    this.group = { groupKey, controlNumber, setCount: 0, setControlNumbers: new Set() };
    const { now } = this.options;
    await this.emit({ id: 'GS', elements: [set.functionalId, set.senderCode, set.receiverCode, formatDate(now), formatTime(now), controlNumber, 'X', set.groupVersion] });
  }

  private async closeGroup(): Promise<void> {
    const group = this.group;
    if (group === undefined) {
      return;
    }
    this.group = undefined;
    await this.emit({ id: 'GE', elements: [String(group.setCount), group.controlNumber] });
  }

  /** Returns the next number of a counter and advances it, wrapping from 999999999 (nine digits, the most ISA13, GS06 and ST02 hold) to 1. */
  private take(counter: keyof ControlNumberStart): number {
    const value = this.next[counter];
    this.next[counter] = value >= MAX_CONTROL_NUMBER ? 1 : value + 1;
    return value;
  }

  private async emit(segment: EdiSegment): Promise<void> {
    await this.write(formatX12Segment(segment, this.separators));
  }
}

function partnersKey(partners: InterchangePartners, defaultUsage: string): string {
  return [partners.sender.qualifier, partners.sender.id, partners.receiver.qualifier, partners.receiver.id, partners.usage ?? defaultUsage].join('\u0000');
}

function formatDate(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}

function formatTime(date: Date): string {
  return `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
