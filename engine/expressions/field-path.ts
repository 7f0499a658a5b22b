/**
 * Dotted field paths (`dimensions.weight`, `lines.0.sku`) compiled once into plain functions, for
 * node settings that name a field without a JSONata expression.
 */
import type { RecordData } from '../records.js';

/** Reads one field from record data; undefined when any step of the path is missing. */
export type FieldReader = (data: RecordData) => unknown;

/** Path segments that would reach an object's prototype instead of its data. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits a dotted path into segments. */
export function splitFieldPath(path: string): string[] {
  return path.split('.');
}

/**
 * Describes what is wrong with a path as a field name, or returns undefined when it is fine:
 * empty segments (`a..b`) and prototype names (`__proto__`) are not allowed.
 */
export function describeInvalidFieldPath(path: string): string | undefined {
  const segments = splitFieldPath(path);
  if (segments.some((segment) => segment === '')) {
    return `'${path}' is not a field path: segments between dots must not be empty`;
  }
  const forbidden = segments.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
  if (forbidden !== undefined) {
    return `'${path}' is not a field path: '${forbidden}' is not allowed as a field name`;
  }
  return undefined;
}

/**
 * Compiles a path into a reader. Each step takes an object's own property, or an array element
 * when the segment is an index. A top-level key that contains dots itself (a CSV column such as
 * `Gew. netto`) is read as that key when the record has it.
 */
export function compileFieldReader(path: string): FieldReader {
  const segments = splitFieldPath(path);
  if (segments.length === 1) {
    return (data) => ownValue(data, path);
  }
  return (data) => {
    if (Object.prototype.hasOwnProperty.call(data, path)) {
      return data[path];
    }
    let current: unknown = data;
    for (const segment of segments) {
      current = ownValue(current, segment);
      if (current === undefined) {
        return undefined;
      }
    }
    return current;
  };
}

function ownValue(container: unknown, segment: string): unknown {
  if (Array.isArray(container)) {
    return /^(0|[1-9][0-9]*)$/.test(segment) ? (container[Number(segment)] as unknown) : undefined;
  }
  if (container !== null && typeof container === 'object' && Object.prototype.hasOwnProperty.call(container, segment)) {
    return (container as Record<string, unknown>)[segment];
  }
  return undefined;
}

/**
 * Builds the data of a new record by writing fields into `root`, creating nested objects as
 * paths need them. Objects shared with the input record are copied before they are written to,
 * because an emitted record may also travel down another branch.
 */
export class RecordDataWriter {
  /** Objects created by this writer, which it may change in place. */
  private readonly owned = new WeakSet<object>();
  readonly root: RecordData;

  /** @param base data to start from (copied, never changed), or nothing for an empty record. */
  constructor(base?: RecordData) {
    this.root = base === undefined ? {} : { ...base };
    this.owned.add(this.root);
  }

  /**
   * Sets the field at `segments` to `value`. Returns undefined on success, or the dotted path of
   * the step whose value is not an object (so `weight.net` cannot be written when
   * `weight` is the number 12).
   */
  set(segments: readonly string[], value: unknown): string | undefined {
    let current: Record<string, unknown> = this.root;
    for (let index = 0; index < segments.length - 1; index++) {
      const segment = segments[index] as string;
      const next = current[segment];
      if (next === undefined || next === null) {
        const created: Record<string, unknown> = {};
        this.owned.add(created);
        current[segment] = created;
        current = created;
      } else if (typeof next === 'object' && !Array.isArray(next)) {
        if (this.owned.has(next)) {
          current = next as Record<string, unknown>;
        } else {
          const copy: Record<string, unknown> = { ...(next as Record<string, unknown>) };
          this.owned.add(copy);
          current[segment] = copy;
          current = copy;
        }
      } else {
        return segments.slice(0, index + 1).join('.');
      }
    }
    current[segments[segments.length - 1] as string] = value;
    return undefined;
  }
}
