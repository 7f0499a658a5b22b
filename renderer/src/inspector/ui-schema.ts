/**
 * Builds the rjsf uiSchema for a node kind's config schema: JSONata fields get the Monaco
 * expression widget, JSON Schema and free JSON fields the Monaco JSON field.
 *
 * A field says which editor it wants with `x-editor: 'jsonata' | 'json-schema' | 'json'` in its
 * schema. Without it, a string field named `expression` or `condition` (or ending in `Expression`)
 * counts as JSONata, and an object without declared properties as JSON.
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
    return 'json';
  }
  if (schema.type === undefined && schema.anyOf === undefined && schema.oneOf === undefined && schema.$ref === undefined && schema.enum === undefined && schema.const === undefined) {
    return 'json';
  }
  return null;
}

export function buildUiSchema(schema: Schema, name: string | null = null): UiSchema {
  const hint = editorHint(schema, name);
  if (hint === 'jsonata') {
    return { 'ui:widget': 'jsonata' };
  }
  if (hint !== null) {
    return { 'ui:field': 'jsonCode', 'ui:options': { editor: hint } };
  }
  const ui: UiSchema = {};
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

/** The root uiSchema of a config form: no submit button, no form-level title (the inspector shows the kind). */
export function configUiSchema(schema: Schema): UiSchema {
  return { ...buildUiSchema(schema), 'ui:submitButtonOptions': { norender: true }, 'ui:title': '' };
}
