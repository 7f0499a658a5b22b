/**
 * The validator the config form uses. rjsf's ajv validator compiles schemas into functions with
 * `new Function`, which the designer's Content-Security-Policy forbids. The form needs a validator
 * only to pick the matching branch of `anyOf`/`oneOf` and to fill defaults, so this one checks
 * structure (type, const, enum, required, properties, items, branches, local `$ref`). Real
 * validation comes from the engine host and reaches the form as `extraErrors`.
 */
import type { RJSFSchema, ValidationData, ValidatorType } from '@rjsf/utils';

type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
}

function matchesType(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  const types = Array.isArray(expected) ? expected : [expected];
  return types.some((type) => type === actual || (type === 'number' && actual === 'integer'));
}

function resolveRef(schema: Schema, root: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#')) {
    return schema;
  }
  let target: unknown = root;
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    target = (target as Schema | undefined)?.[decodeURIComponent(segment.replace(/~1/g, '/').replace(/~0/g, '~'))];
  }
  return (target as Schema | undefined) ?? {};
}

/** Tells whether `value` fits the structure of `schema`. Formats, patterns and ranges are not checked. */
export function fitsSchema(schemaInput: unknown, value: unknown, root: Schema): boolean {
  if (schemaInput === true || schemaInput === undefined) {
    return true;
  }
  if (schemaInput === false || typeof schemaInput !== 'object' || schemaInput === null) {
    return false;
  }
  const schema = resolveRef(schemaInput as Schema, root);
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    return false;
  }
  if (schema.type !== undefined && !matchesType(schema.type, value)) {
    return false;
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && !branches.some((branch) => fitsSchema(branch, value, root))) {
      return false;
    }
  }
  if (Array.isArray(schema.allOf) && !schema.allOf.every((branch) => fitsSchema(branch, value, root))) {
    return false;
  }
  if (typeOf(value) === 'object') {
    const object = value as Schema;
    if (Array.isArray(schema.required) && !schema.required.every((key) => typeof key === 'string' && key in object)) {
      return false;
    }
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    for (const [key, item] of Object.entries(object)) {
      if (key in properties) {
        if (!fitsSchema(properties[key], item, root)) {
          return false;
        }
      } else if (schema.additionalProperties === false) {
        return false;
      }
    }
  }
  if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items)) {
    return value.every((item) => fitsSchema(schema.items, item, root));
  }
  return true;
}

export const structuralValidator: ValidatorType<unknown, RJSFSchema> = {
  validateFormData(): ValidationData<unknown> {
    return { errors: [], errorSchema: {} };
  },
  isValid(schema, formData, rootSchema) {
    return fitsSchema(schema, formData, rootSchema);
  },
  rawValidation() {
    return { errors: [] };
  },
};
