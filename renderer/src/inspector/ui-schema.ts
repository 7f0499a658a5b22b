/**
 * Builds the rjsf uiSchema for a node kind's config schema: JSONata fields get the Monaco
 * expression widget, JSON Schema and free JSON fields the Monaco JSON field.
 *
 * A field requests its editor with `x-editor: 'jsonata' | 'json-schema' | 'json'` in its
 * schema. Without it, a string field named `expression` or `condition` (or ending in `Expression`)
 * counts as JSONata, an object without declared properties as JSON, and such an object named
 * `schema` (or ending in `Schema`) as a JSON Schema. Fields without a title get one from their key.
 */
import type { UiSchema } from '@rjsf/utils';

type Schema = Record<string, unknown>;

export type EditorHint = 'jsonata' | 'json-schema' | 'json' | 'scalar' | null;

export function editorHint(schema: Schema, name: string | null): EditorHint {
  const hint = schema['x-editor'];
  if (hint === 'jsonata' || hint === 'json-schema' || hint === 'json') {
    return hint;
  }
  if (schema.type === 'string' && name !== null && /^(expression|condition)$|Expression$/.test(name)) {
    return 'jsonata';
  }
  if (isScalarUnion(schema)) {
    return 'scalar';
  }
  if (schema.type === 'object' && schema.properties === undefined) {
    return name === 'schema' || name?.endsWith('Schema') === true ? 'json-schema' : 'json';
  }
  if (schema.type === undefined && schema.anyOf === undefined && schema.oneOf === undefined && schema.$ref === undefined && schema.enum === undefined && schema.const === undefined) {
    return 'json';
  }
  return null;
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** Tells whether a schema is a union of plain types without constants, such as `equals`: text, a number, a boolean or null. */
export function isScalarUnion(schema: Schema): boolean {
  const branches = schema.anyOf ?? schema.oneOf;
  return (
    Array.isArray(branches) &&
    branches.length > 1 &&
    branches.every((branch) => typeof branch === 'object' && branch !== null && !('const' in branch) && typeof (branch as Schema).type === 'string' && SCALAR_TYPES.has((branch as Schema).type as string))
  );
}

/** Turns a config key into a label: `keyColumn` becomes `Key column`. */
export function labelFor(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function buildUiSchema(schema: Schema, name: string | null = null): UiSchema {
  const hint = editorHint(schema, name);
  const title: UiSchema = name !== null && typeof schema.title !== 'string' ? { 'ui:title': labelFor(name) } : {};
  if (hint === 'jsonata') {
    // The widget shows the field's errors under the editor itself, beside its own syntax check.
    return { ...title, 'ui:widget': 'jsonata', 'ui:hideError': true };
  }
  if (hint === 'scalar') {
    // The field picks the kind of value itself, so rjsf must not add its own "option N" picker.
    return { ...title, 'ui:field': 'scalarValue', 'ui:fieldReplacesAnyOrOneOf': true };
  }
  if (hint !== null) {
    return { ...title, 'ui:field': 'jsonCode', 'ui:options': { editor: hint } };
  }
  const ui: UiSchema = { ...title };
  if (schema.type === 'object' && typeof schema.properties === 'object' && schema.properties !== null) {
    for (const [key, property] of Object.entries(schema.properties as Record<string, Schema>)) {
      const child = buildUiSchema(property, key);
      if (Object.keys(child).length > 0) {
        ui[key] = child;
      }
    }
  }
  if (schema.type === 'array' && typeof schema.items === 'object' && schema.items !== null && !Array.isArray(schema.items)) {
    const child = buildUiSchema(schema.items as Schema, null);
    if (Object.keys(child).length > 0) {
      ui.items = child;
    }
  }
  return ui;
}

/** Builds the root uiSchema of a config form, without a submit button or a form title (the inspector shows the kind). */
export function configUiSchema(schema: Schema): UiSchema {
  return { ...buildUiSchema(schema), 'ui:submitButtonOptions': { norender: true }, 'ui:title': '' };
}

/**
 * Returns the config schema in the shape rjsf renders best: a union of constants of one type
 * (TypeBox writes `Union([Literal('a'), Literal('b')])` as `anyOf` of `const`) becomes an `enum`,
 * which rjsf shows as a select. rjsf reports such a union without a `type` as unsupported.
 */
export function formSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(formSchema);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const source = schema as Schema;
  if (isScalarUnion(source)) {
    // A list of types in place of the union, so rjsf draws no menu of forms beside the value field.
    const { anyOf, oneOf, ...rest } = source;
    const types = ((anyOf ?? oneOf) as Schema[]).map((branch) => branch.type);
    return { ...rest, type: [...new Set(types)] };
  }
  const branches = source.anyOf ?? source.oneOf;
  if (Array.isArray(branches) && branches.length > 0 && branches.every((branch) => typeof branch === 'object' && branch !== null && 'const' in branch)) {
    const values = branches.map((branch) => (branch as Schema).const);
    const types = new Set(values.map((value) => (value === null ? 'null' : typeof value)));
    if (types.size === 1 && (types.has('string') || types.has('number') || types.has('boolean'))) {
      const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = source;
      return { ...rest, type: [...types][0], enum: values };
    }
  }
  const result: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'const' || key === 'default' || key === 'enum' || key === 'examples') {
      result[key] = value;
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      result[key] = value.map((branch) => withBranchTitle(formSchema(branch)));
    } else {
      result[key] = formSchema(value);
    }
  }
  return result;
}

const TYPE_TITLES: Readonly<Record<string, string>> = { string: 'text', number: 'number', integer: 'whole number', boolean: 'true / false', null: 'null', array: 'list' };

/**
 * Gives a union branch the title rjsf shows in its menu of forms, in place of "option 1": the
 * value of a constant property that distinguishes the branches (`driver: sqlite`), else the
 * branch's required properties, else its type.
 */
function withBranchTitle(branch: unknown): unknown {
  if (branch === null || typeof branch !== 'object' || Array.isArray(branch) || typeof (branch as Schema).title === 'string') {
    return branch;
  }
  const schema = branch as Schema;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const discriminator = Object.values(properties).find((property) => typeof property === 'object' && property !== null && (typeof property.const === 'string' || (Array.isArray(property.enum) && property.enum.length === 1)));
  let title: string | undefined;
  if (discriminator !== undefined) {
    title = String(discriminator.const ?? (discriminator.enum as unknown[])[0]);
  } else if (Array.isArray(schema.required) && schema.required.length > 0) {
    title = schema.required.join(', ');
  } else if (typeof schema.type === 'string') {
    title = TYPE_TITLES[schema.type] ?? schema.type;
  }
  return title === undefined ? schema : { ...schema, title };
}
