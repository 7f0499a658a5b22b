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

export type EditorHint = 'jsonata' | 'json-schema' | 'json' | null;

export function editorHint(schema: Schema, name: string | null): EditorHint {
  const hint = schema['x-editor'];
  if (hint === 'jsonata' || hint === 'json-schema' || hint === 'json') {
    return hint;
  }
  if (schema.type === 'string' && name !== null && /^(expression|condition)$|Expression$/.test(name)) {
    return 'jsonata';
  }
  if (schema.type === 'object' && schema.properties === undefined) {
    return name === 'schema' || name?.endsWith('Schema') === true ? 'json-schema' : 'json';
  }
  if (schema.type === undefined && schema.anyOf === undefined && schema.oneOf === undefined && schema.$ref === undefined && schema.enum === undefined && schema.const === undefined) {
    return 'json';
  }
  return null;
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
    return { ...title, 'ui:widget': 'jsonata' };
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
    result[key] = key === 'const' || key === 'default' || key === 'enum' || key === 'examples' ? value : formSchema(value);
  }
  return result;
}
