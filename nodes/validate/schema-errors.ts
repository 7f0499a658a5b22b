/**
 * Turns ajv's errors into record errors that read as sentences about the data: ajv's
 * `instancePath` becomes a dotted field, its keyword the rule, and the message names the field
 * and the value, as in `'gtin' 0123456789013 fails the GTIN check digit` or `'uom' is required`.
 */
import type { ErrorObject } from 'ajv';
import { FLOWMASON_FORMATS, type RecordData, type RecordError } from '../../engine/sdk/index.js';

/** Converts the errors of one failed validation of `data`; `nodeId` goes into each record error. */
export function toRecordErrors(errors: readonly ErrorObject[], data: RecordData, nodeId: string): RecordError[] {
  const result: RecordError[] = [];
  const seen = new Set<string>();
  for (const error of withoutBranchDetails(errors)) {
    const described = describeError(error, data);
    const signature = `${described.field ?? ''}\u0000${described.rule}\u0000${described.message}`;
    if (seen.has(signature)) {
      continue;
    }
    seen.add(signature);
    result.push({ ...(described.field === undefined ? {} : { field: described.field }), rule: described.rule, message: described.message, node: nodeId });
  }
  return result;
}

/**
 * Drops the errors that only explain a failed `anyOf` or `oneOf` branch, keeping the one error
 * for the whole union. Drops `if` errors too, because the `then` or `else` errors beside them
 * describe the actual failure.
 */
function withoutBranchDetails(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf').map((error) => `${error.schemaPath}/`);
  return errors.filter((error) => error.keyword !== 'if' && !unions.some((prefix) => error.schemaPath.startsWith(prefix)));
}

interface DescribedError {
  field: string | undefined;
  rule: string;
  message: string;
}

function describeError(error: ErrorObject, data: RecordData): DescribedError {
  const path = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const at = (child?: string): DescribedError['field'] => {
    const segments = child === undefined ? path : [...path, child];
    return segments.length === 0 ? undefined : segments.join('.');
  };
  const field = at();
  const subject = field === undefined ? 'the record' : `'${field}'`;
  const value = valueAt(data, path);
  const valueText = showValue(value);

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return { field: at(missing), rule: 'required', message: `'${at(missing)}' is required` };
    }
    case 'dependentRequired': {
      const missing = String(params.missingProperty);
      return { field: at(missing), rule: 'required', message: `'${at(missing)}' is required when '${at(String(params.property))}' is present` };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
      return { field: at(extra), rule: error.keyword, message: `'${at(extra)}' is not an allowed field` };
    }
    case 'type':
      return { field, rule: 'type', message: `${subject} must be ${describeTypes(params.type)}; got ${typeName(value)}${value === null ? '' : ` ${valueText}`}` };
    case 'enum':
      return { field, rule: 'enum', message: `${subject} ${valueText} is not one of: ${listValues(params.allowedValues)}` };
    case 'const':
      return { field, rule: 'const', message: `${subject} must be ${showValue(params.allowedValue)}; got ${valueText}` };
    case 'format': {
      const format = String(params.format);
      const known = FLOWMASON_FORMATS[format];
      const reason = known !== undefined && typeof value === 'string' ? known.describe(value) : `is not a valid ${format}`;
      const rule = reason.includes('check digit') ? `${format}-check-digit` : format;
      return { field, rule, message: `${subject} ${valueText} ${reason}` };
    }
    case 'pattern':
      return { field, rule: 'pattern', message: `${subject} ${valueText} does not match the pattern ${String(params.pattern)}` };
    case 'minLength':
    case 'maxLength':
      return { field, rule: error.keyword, message: `${subject} must be ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${plural(params.limit, 'character')} long; got ${valueText}` };
    case 'minimum':
      return { field, rule: 'minimum', message: `${subject} ${valueText} is less than the minimum ${String(params.limit)}` };
    case 'maximum':
      return { field, rule: 'maximum', message: `${subject} ${valueText} is more than the maximum ${String(params.limit)}` };
    case 'exclusiveMinimum':
      return { field, rule: 'exclusiveMinimum', message: `${subject} ${valueText} must be greater than ${String(params.limit)}` };
    case 'exclusiveMaximum':
      return { field, rule: 'exclusiveMaximum', message: `${subject} ${valueText} must be less than ${String(params.limit)}` };
    case 'multipleOf':
      return { field, rule: 'multipleOf', message: `${subject} ${valueText} is not a multiple of ${String(params.multipleOf)}` };
    case 'minItems':
    case 'maxItems':
      return { field, rule: error.keyword, message: `${subject} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${plural(params.limit, 'item')}` };
    case 'uniqueItems':
      return { field, rule: 'uniqueItems', message: `${subject} has the same item at positions ${String(params.j)} and ${String(params.i)}` };
    case 'anyOf':
    case 'oneOf':
      return { field, rule: error.keyword, message: `${subject} ${valueText} does not match ${error.keyword === 'oneOf' ? 'exactly one' : 'any'} of the allowed forms` };
    default:
      return { field, rule: error.keyword, message: `${subject} ${error.message ?? `fails the ${error.keyword} keyword`}` };
  }
}

/** Splits a JSON Pointer into its unescaped segments. */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Shows a value in a message: codes and numbers bare (`0123456789013`, `KG`, `12.5`), text with
 * spaces or quotes in double quotes, structures as JSON, all cut at 60 characters.
 */
function showValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = /^[^\s'"]+$/u.test(value) ? value : JSON.stringify(value);
  } else {
    text = JSON.stringify(value) ?? String(value);
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function describeTypes(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((type) => TYPE_WORDS[String(type)] ?? String(type));
  return list.length === 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1] ?? ''}`;
}

function listValues(values: unknown): string {
  const list = Array.isArray(values) ? values : [];
  const texts = list.slice(0, 10).map((value) => showValue(value));
  return list.length > 10 ? `${texts.join(', ')} and ${list.length - 10} more` : texts.join(', ');
}

function plural(count: unknown, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}
