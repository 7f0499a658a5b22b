/**
 * Declarative maps between generic segments and readable documents. One map describes a
 * transaction set or message: which segments carry which named fields and which segments start
 * loops. The same map reads segments into a document and writes a document back into segments,
 * so the two directions cannot drift apart.
 *
 * Reading follows the usual EDI loop rule: a segment belongs to the innermost open loop that
 * declares it. When that loop does not declare it, loops close outward until one does. Segments that no level
 * declares are left out of the document (the generic segment list keeps them).
 */
import { type EdiElement, type EdiIssue, type EdiSegment, elementReference, elementText, isEmptyElement } from './edi-types.js';

/** One named value taken from an element, or from one component of a composite element. */
export interface FieldSpec {
  name: string;
  /** 1-based element position. */
  element: number;
  /** 1-based component position inside a composite element. */
  component?: number;
  /**
   * `number` turns numeric text into a number. `implied-decimal-2` does too, after placing the
   * decimal point two digits from the right as X12 type N2 requires (`255438` is 2554.38).
   * Text that is not numeric stays a string.
   */
  type?: 'number' | 'implied-decimal-2';
  /** A missing value is reported as an error on the set or message. */
  required?: boolean;
}

/** Fields a segment or loop trigger contributes. */
interface FieldCarrier {
  fields?: readonly FieldSpec[];
  /**
   * Qualifier/value pairs from element `from` on (`PO1*...*UP*0123*VN*AB1`), gathered into an
   * object keyed by qualifier under `name`. A qualifier seen twice keeps its first value.
   */
  pairs?: { from: number; to?: number; name: string };
  /** The non-empty values of these elements, gathered into a string array under `name` (AK5 error codes). */
  lists?: readonly { name: string; elements: readonly number[] }[];
}

export interface SegmentSpec extends FieldCarrier {
  segment: string;
  /** Property of the parent that receives the segment's fields. */
  name: string;
  /** Every occurrence is kept in an array. Without it, the first occurrence wins. */
  repeat?: boolean;
  /** The fields go straight onto the parent object instead of a nested object under `name`. */
  merge?: boolean;
  /** Instead of fields: the non-empty values of these elements, gathered into one string array under `name`. */
  collect?: readonly number[];
}

export interface LoopSpec extends FieldCarrier {
  /** Tag of the segment that starts each occurrence of the loop; its fields go onto the loop item. */
  loop: string;
  name: string;
  /** The loop occurs at most once: the item is an object instead of an array. */
  single?: boolean;
  children: readonly MapNode[];
}

export type MapNode = SegmentSpec | LoopSpec;

export interface DocumentMap {
  /** Name of the document for messages, such as `purchase order`. */
  title: string;
  children: readonly MapNode[];
}

export interface ReadDocumentOptions {
  /** Decimal mark of numeric values: `.` in X12, `.` or `,` in EDIFACT as the UNA declares. */
  decimalMark?: string;
  /**
   * Segment positions to report in issues, aligned with `segments`. The default is index + 2,
   * because the set header (ST or UNH) that callers leave out counts as 1.
   */
  positions?: readonly number[];
  /**
   * Separators to rejoin a repeated element with. Readable fields are not repeatable in these
   * maps, so a value that splits on the repetition separator was data that happened to contain
   * it (`REF*BM*999999-001` under ISA11 `-`), and the field shows it as written.
   */
  repetitionSeparator?: string;
  componentSeparator?: string;
  /**
   * Lines in the file where the segments start, aligned with `segments`. When given, every loop
   * item gets `sourceLine`, the line of the segment that starts it, so a record split from it
   * (one per catalog item or order line) can point at its own line.
   */
  lines?: readonly number[];
}

export interface ReadDocumentResult {
  document: Record<string, unknown>;
  issues: EdiIssue[];
}

type DocumentObject = Record<string, unknown>;

/** Property of a loop item that contains the line of its first segment, when the reader passes lines. */
export const SOURCE_LINE = 'sourceLine';

interface OpenLevel {
  children: readonly MapNode[];
  item: DocumentObject;
}

/** Reads segments (without the set header and trailer) into a document under `map`. */
export function readDocument(map: DocumentMap, segments: readonly EdiSegment[], options: ReadDocumentOptions = {}): ReadDocumentResult {
  const document: DocumentObject = {};
  const issues: EdiIssue[] = [];
  const stack: OpenLevel[] = [{ children: map.children, item: document }];
  const decimalMark = options.decimalMark ?? '.';

  segments.forEach((segment, index) => {
    const position = options.positions?.[index] ?? index + 2;
    for (let depth = stack.length - 1; depth >= 0; depth--) {
      const level = stack[depth] as OpenLevel;
      const node = level.children.find((child) => ('loop' in child ? child.loop : child.segment) === segment.id);
      if (node === undefined) {
        continue;
      }
      stack.length = depth + 1;
      const context = { segment, position, decimalMark, issues, repetitionSeparator: options.repetitionSeparator ?? '', componentSeparator: options.componentSeparator ?? '' };
      if ('loop' in node) {
        const item = readFields(node, context);
        const line = options.lines?.[index];
        if (line !== undefined) {
          item[SOURCE_LINE] = line;
        }
        if (node.single === true) {
          level.item[node.name] ??= item;
        } else {
          pushTo(level.item, node.name, item);
        }
        stack.push({ children: node.children, item });
      } else {
        readSegmentInto(level.item, node, context);
      }
      return;
    }
  });
  return { document, issues };
}

interface ReadContext {
  segment: EdiSegment;
  position: number;
  decimalMark: string;
  issues: EdiIssue[];
  repetitionSeparator: string;
  componentSeparator: string;
}

function readSegmentInto(target: DocumentObject, spec: SegmentSpec, context: ReadContext): void {
  if (spec.collect !== undefined) {
    const values = spec.collect.map((position) => elementText(context.segment.elements[position - 1])).filter((value) => value !== '');
    const existing = target[spec.name];
    target[spec.name] = Array.isArray(existing) ? [...(existing as string[]), ...values] : values;
    return;
  }
  const fields = readFields(spec, context);
  if (spec.merge === true) {
    for (const [name, value] of Object.entries(fields)) {
      target[name] ??= value;
    }
  } else if (spec.repeat === true) {
    pushTo(target, spec.name, fields);
  } else {
    target[spec.name] ??= fields;
  }
}

function readFields(carrier: FieldCarrier & { segment?: string; loop?: string }, context: ReadContext): DocumentObject {
  const { segment } = context;
  const item: DocumentObject = {};
  for (const field of carrier.fields ?? []) {
    const element = segment.elements[field.element - 1];
    const raw = field.component === undefined ? readableElement(element, context) : elementText(element, field.component);
    if (raw === '' || raw === undefined) {
      if (field.required === true) {
        const reference = elementReference(segment.id, field.element);
        context.issues.push({
          severity: 'error',
          level: 'set',
          rule: 'required-element',
          message: `${reference}${field.component === undefined ? '' : ` component ${field.component}`} (${field.name}) is missing; it is required`,
          segmentId: segment.id,
          segmentPosition: context.position,
          element: reference,
          elementPosition: field.element,
          ...(field.component === undefined ? {} : { componentPosition: field.component }),
          code: '1',
        });
      }
      continue;
    }
    item[field.name] = field.type !== undefined && typeof raw === 'string' ? parseTypedNumber(raw, field.type, context.decimalMark) : raw;
  }
  for (const list of carrier.lists ?? []) {
    const values = list.elements.map((position) => elementText(segment.elements[position - 1])).filter((value) => value !== '');
    if (values.length > 0) {
      item[list.name] = values;
    }
  }
  if (carrier.pairs !== undefined) {
    const pairs: Record<string, string> = {};
    const last = Math.min(segment.elements.length, carrier.pairs.to ?? segment.elements.length);
    for (let position = carrier.pairs.from; position < last; position += 2) {
      const qualifier = elementText(segment.elements[position - 1]);
      const value = elementText(segment.elements[position]);
      if (qualifier !== '' && value !== '' && !(qualifier in pairs)) {
        pairs[qualifier] = value;
      }
    }
    if (Object.keys(pairs).length > 0) {
      item[carrier.pairs.name] = pairs;
    }
  }
  return item;
}

/** A plain element as its text, a composite as its components, a repeated element as the text it was written as. */
function readableElement(element: EdiElement | undefined, context: ReadContext): string | string[] | undefined {
  if (element === undefined || typeof element === 'string') {
    return element;
  }
  if (Array.isArray(element[0])) {
    return (element as string[][]).map((repetition) => repetition.join(context.componentSeparator)).join(context.repetitionSeparator);
  }
  const components = element as string[];
  return components.every((value) => value === '') ? '' : components;
}

/** Parses a decimal as EDI writes it (`-5`, `.5`, `19,9` with a decimal comma); other text stays text. */
export function parseNumber(text: string, decimalMark = '.'): number | string {
  const normalised = decimalMark === ',' ? text.replace(',', '.') : text;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(E[-+]?\d+)?$/i.test(normalised)) {
    return text;
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : text;
}

function parseTypedNumber(text: string, type: NonNullable<FieldSpec['type']>, decimalMark: string): number | string {
  if (type === 'number') {
    return parseNumber(text, decimalMark);
  }
  if (!/^-?\d+$/.test(text)) {
    return text;
  }
  return Number(text) / 100;
}

function pushTo(target: DocumentObject, name: string, value: unknown): void {
  const existing = target[name];
  if (Array.isArray(existing)) {
    existing.push(value);
  } else {
    target[name] = [value];
  }
}

export interface WriteDocumentOptions {
  decimalMark?: string;
}

/**
 * Writes a document back into segments under `map`, in the order the map declares. Values that
 * are absent leave their element empty; trailing empty elements are dropped, as X12 and EDIFACT
 * require.
 */
export function writeDocument(map: DocumentMap, document: DocumentObject, options: WriteDocumentOptions = {}): EdiSegment[] {
  const segments: EdiSegment[] = [];
  writeChildren(map.children, document, segments, options.decimalMark ?? '.');
  return segments;
}

function writeChildren(children: readonly MapNode[], source: DocumentObject, segments: EdiSegment[], decimalMark: string): void {
  for (const node of children) {
    if ('loop' in node) {
      for (const item of asObjects(source[node.name])) {
        segments.push(buildSegment(node.loop, node, item, decimalMark));
        writeChildren(node.children, item, segments, decimalMark);
      }
      continue;
    }
    if (node.collect !== undefined) {
      const values = Array.isArray(source[node.name]) ? (source[node.name] as unknown[]).map((value) => formatValue(value, decimalMark)) : [];
      for (let start = 0; start < values.length; start += node.collect.length) {
        const elements: EdiElement[] = [];
        node.collect.forEach((position, offset) => {
          const value = values[start + offset];
          if (value !== undefined) {
            elements[position - 1] = value;
          }
        });
        segments.push({ id: node.segment, elements: finishElements(elements) });
      }
      continue;
    }
    const items = node.merge === true ? [source] : asObjects(source[node.name]);
    for (const item of items) {
      const segment = buildSegment(node.segment, node, item, decimalMark);
      if (node.merge !== true || segment.elements.length > 0) {
        segments.push(segment);
      }
    }
  }
}

function buildSegment(id: string, carrier: FieldCarrier, item: DocumentObject, decimalMark: string): EdiSegment {
  const elements: EdiElement[] = [];
  for (const field of carrier.fields ?? []) {
    const value = item[field.name];
    if (value === undefined || value === null || value === '') {
      continue;
    }
    const index = field.element - 1;
    const typed = field.type === 'implied-decimal-2' && typeof value === 'number' ? Math.round(value * 100) : value;
    if (field.component === undefined) {
      elements[index] = Array.isArray(typed) ? typed.map((part) => formatValue(part, decimalMark)) : formatValue(typed, decimalMark);
      continue;
    }
    const current = elements[index];
    let components: string[] = [];
    if (Array.isArray(current)) {
      components = current as string[];
    } else if (typeof current === 'string' && current !== '') {
      components = [current];
    }
    components[field.component - 1] = formatValue(typed, decimalMark);
    elements[index] = Array.from(components, (part) => part ?? '');
  }
  for (const list of carrier.lists ?? []) {
    const values = item[list.name];
    if (Array.isArray(values)) {
      values.slice(0, list.elements.length).forEach((value, offset) => {
        elements[(list.elements[offset] as number) - 1] = formatValue(value, decimalMark);
      });
    }
  }
  if (carrier.pairs !== undefined) {
    const pairs = item[carrier.pairs.name];
    if (pairs !== null && typeof pairs === 'object' && !Array.isArray(pairs)) {
      let position = carrier.pairs.from;
      for (const [qualifier, value] of Object.entries(pairs as Record<string, unknown>)) {
        elements[position - 1] = qualifier;
        elements[position] = formatValue(value, decimalMark);
        position += 2;
      }
    }
  }
  return { id, elements: finishElements(elements) };
}

/** Fills holes with empty strings and drops trailing empty elements and components. */
function finishElements(elements: EdiElement[]): EdiElement[] {
  const filled = Array.from(elements, (element) => {
    if (Array.isArray(element)) {
      const components = [...(element as string[])];
      while (components.length > 1 && components[components.length - 1] === '') {
        components.pop();
      }
      return components.length === 1 ? (components[0] as string) : components;
    }
    return element ?? '';
  });
  while (filled.length > 0 && isEmptyElement(filled[filled.length - 1])) {
    filled.pop();
  }
  return filled;
}

function formatValue(value: unknown, decimalMark: string): string {
  if (typeof value === 'number') {
    const text = String(value);
    return decimalMark === '.' ? text : text.replace('.', decimalMark);
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'Y' : 'N';
  }
  return JSON.stringify(value);
}

function asObjects(value: unknown): DocumentObject[] {
  if (Array.isArray(value)) {
    return value.filter((item): item is DocumentObject => item !== null && typeof item === 'object' && !Array.isArray(item));
  }
  if (value !== null && typeof value === 'object') {
    return [value as DocumentObject];
  }
  return [];
}
