import { hash } from 'node:crypto';

/**
 * Returns a stable SHA-256 (hex) of a JSON value: object keys are sorted, so the same data hashes
 * the same however it was built. Used by the ledger to tell an unchanged record from a changed one.
 */
export function contentHash(value: unknown): string {
  return hash('sha256', stableStringify(value), 'hex');
}

/**
 * JSON.stringify with object keys sorted at every depth; `undefined` members are left out, as JSON
 * does. A sink hashes every record it writes, so this is on the hot path of every run.
 *
 * Records from one node nearly always share a shape: the same keys in the same order, nested the
 * same way. Each shape met is remembered with its keys sorted and, for shapes without arrays, a
 * serializer generated for it that writes the members in sorted order directly, about three times
 * faster than JSON.stringify with a key list. Anything else takes JSON.stringify's key-list form.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  const shape = shapeOf(value);
  return shape.serialize?.(value) ?? JSON.stringify(value, shape.sortedKeys);
}

/**
 * A shape is the sequence {@link collectKeys} writes for a value: its keys in the order met, with
 * markers where a nested object or array starts and ends. Markers are symbols, so no key can be
 * mistaken for one, and two values with the same sequence have the same structure.
 */
type ShapeStep = string | symbol;
const OBJECT_START = Symbol('object');
const ARRAY_START = Symbol('array');
const END = Symbol('end');

interface Shape {
  steps: ShapeStep[];
  /** The keys of the shape without duplicates, sorted: the key list for JSON.stringify. */
  sortedKeys: string[];
  /** Writes a value of this shape, or returns null when the value only looks like it; see {@link compileSerializer}. */
  serialize: ((value: object) => string | null) | undefined;
}

/** Maximum number of shapes remembered. A flow has a handful, so this only bounds odd inputs. */
const MAX_SHAPES = 64;
const shapes = new Map<string, Shape>();
let lastShape: Shape = { steps: [], sortedKeys: [], serialize: undefined };

function shapeOf(value: object): Shape {
  if (matchesShape(value, lastShape.steps, 0) === lastShape.steps.length) {
    return lastShape;
  }
  const steps: ShapeStep[] = [];
  collectKeys(value, steps);
  const id = JSON.stringify(steps.map(stepId));
  let shape = shapes.get(id);
  if (shape === undefined) {
    if (shapes.size >= MAX_SHAPES) {
      shapes.clear();
    }
    const keys = steps.filter((step): step is string => typeof step === 'string');
    shape = { steps, sortedKeys: [...new Set(keys)].sort(), serialize: compileSerializer(value) };
    shapes.set(id, shape);
  }
  lastShape = shape;
  return shape;
}

/** Returns a step as JSON can write it: a key as itself, a marker as a number. */
function stepId(step: ShapeStep): string | number {
  if (typeof step === 'string') {
    return step;
  }
  if (step === OBJECT_START) {
    return 1;
  }
  return step === ARRAY_START ? 2 : 0;
}

/**
 * Walks `value` as {@link collectKeys} does, comparing each step with `steps` from `position` on.
 * Returns the position after the last step, or -1 at the first difference.
 */
function matchesShape(value: object, steps: readonly ShapeStep[], position: number): number {
  let next = position;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        next = matchesNested(item as object, steps, next);
        if (next < 0) {
          return -1;
        }
      }
    }
    return next;
  }
  for (const key in value) {
    if (steps[next] !== key) {
      return -1;
    }
    next++;
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') {
      next = matchesNested(item, steps, next);
      if (next < 0) {
        return -1;
      }
    }
  }
  return next;
}

function matchesNested(value: object, steps: readonly ShapeStep[], position: number): number {
  if (steps[position] !== (Array.isArray(value) ? ARRAY_START : OBJECT_START)) {
    return -1;
  }
  const next = matchesShape(value, steps, position + 1);
  return next < 0 || steps[next] !== END ? -1 : next + 1;
}

function collectKeys(value: object, steps: ShapeStep[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        collectNested(item as object, steps);
      }
    }
    return;
  }
  for (const key in value) {
    steps.push(key);
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') {
      collectNested(item, steps);
    }
  }
}

function collectNested(value: object, steps: ShapeStep[]): void {
  steps.push(Array.isArray(value) ? ARRAY_START : OBJECT_START);
  collectKeys(value, steps);
  steps.push(END);
}

/**
 * Generates a serializer for the shape of `template`, or returns undefined when the shape contains an
 * array (their items can vary in shape, so the key-list form handles them).
 *
 * A value of the same shape is written member by member in sorted key order. A member that held
 * a scalar or an empty object in the template goes through JSON.stringify, which is also right for
 * what else can stand there in the same shape: a Date in place of an empty object, any scalar.
 * An object with its own toJSON makes the serializer return null, to leave it to JSON.stringify.
 * Members whose value JSON leaves out, such as `undefined`, are left out. Keys reach the generated
 * code as data, never as code text.
 */
function compileSerializer(template: object): ((value: object) => string | null) | undefined {
  const keys: string[] = [];
  const members: string[] = [];
  const lines: string[] = [];
  let objects = 0;

  // Writes the code of a function `o<id>` for an object of the template's shape; returns its id.
  const writeObject = (object: object): number | undefined => {
    const id = objects++;
    const body: string[] = [`function o${id}(v) {`, "  if (v === null || typeof v !== 'object' || Array.isArray(v) || typeof v.toJSON === 'function') return null;", "  let out = '';", '  let t;'];
    for (const key of Object.keys(object).sort()) {
      const slot = keys.push(key) - 1;
      members.push(`,${JSON.stringify(key)}:`);
      const item = (object as Record<string, unknown>)[key];
      if (Array.isArray(item)) {
        return undefined;
      }
      if (item !== null && typeof item === 'object' && Object.keys(item).length > 0) {
        const nested = writeObject(item);
        if (nested === undefined) {
          return undefined;
        }
        body.push(`  t = o${nested}(v[k[${slot}]]);`, '  if (t === null) return null;', `  out += m[${slot}] + t;`);
      } else {
        body.push(`  t = s(v[k[${slot}]]);`, `  if (t !== undefined) out += m[${slot}] + t;`);
      }
    }
    body.push("  return out === '' ? '{}' : '{' + out.slice(1) + '}';", '}');
    lines.push(...body);
    return id;
  };

  if (Array.isArray(template) || writeObject(template) === undefined) {
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the code is generated above from key indexes only
  const build = new Function('k', 'm', 's', `${lines.join('\n')}\nreturn o0;`) as (keys: string[], members: string[], stringify: (value: unknown) => string | undefined) => (value: object) => string | null;
  return build(keys, members, JSON.stringify);
}
