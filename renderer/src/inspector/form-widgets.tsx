/**
 * The widgets and fields the config form uses in place of rjsf's own. Every widget can be bound
 * to a flow parameter (parameter-binding.tsx). Text, select and checkbox widgets show defaults, and
 * JSONata expressions and JSON values are edited in Monaco.
 */
import type { WidgetProps } from '@rjsf/utils';
import { lazy, Suspense } from 'react';
import { CheckboxWidget, SelectWidget } from './choice-widgets.js';
import { withBinding } from './parameter-binding.js';
import { JsonCodeField, Loading, ScalarValueField } from './value-fields.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

/**
 * A JSONata expression in Monaco. The host's problems for the field show under the editor, unless
 * the editor's own syntax check already reports the text, so a mistake is not described twice.
 */
function JsonataInput(props: WidgetProps) {
  return (
    <Suspense fallback={<Loading />}>
      <CodeEditor
        id={props.id}
        language="jsonata"
        value={typeof props.value === 'string' ? props.value : ''}
        onChange={(next) => props.onChange(next === '' && !props.required ? undefined : next)}
        readOnly={props.readonly || props.disabled}
        hostErrors={props.rawErrors ?? []}
      />
    </Suspense>
  );
}

/**
 * Returns what an emptied text field stores: nothing, so the setting is removed and its default
 * applies, unless an empty string means something else than the default (a `quote` of '' turns
 * quoting off while the default is '"').
 */
export function emptyTextValue(schema: WidgetProps['schema']): '' | undefined {
  const allowsEmpty = schema.minLength === undefined || schema.minLength === 0;
  return allowsEmpty && typeof schema.default === 'string' && schema.default !== '' ? '' : undefined;
}

/** A text or number input; an emptied input removes the setting (see {@link emptyTextValue}). */
function TextInput(props: WidgetProps) {
  const type = props.schema.type === 'number' || props.schema.type === 'integer' ? 'number' : 'text';
  const fallback = props.schema.default;
  let placeholder = props.placeholder === '' ? undefined : props.placeholder;
  if (placeholder === undefined && fallback !== undefined) {
    placeholder = `default: ${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}`;
  }
  return (
    <input
      id={props.id}
      className="fm-input"
      type={type}
      value={props.value === undefined || props.value === null ? '' : String(props.value)}
      placeholder={placeholder}
      disabled={props.disabled || props.readonly}
      onChange={(event) => {
        const text = event.target.value;
        if (text === '') {
          props.onChange(emptyTextValue(props.schema));
        } else {
          props.onChange(type === 'number' ? Number(text) : text);
        }
      }}
      onBlur={(event) => props.onBlur(props.id, event.target.value)}
      onFocus={(event) => props.onFocus(props.id, event.target.value)}
    />
  );
}

/** Widgets by the names rjsf looks them up under; `jsonata` is requested by the uiSchema. */
export const FORM_WIDGETS = {
  TextWidget: withBinding(TextInput),
  SelectWidget: withBinding(SelectWidget),
  CheckboxWidget: withBinding(CheckboxWidget),
  jsonata: withBinding(JsonataInput),
};

/** Fields the uiSchema requests with `ui:field`. */
export const FORM_FIELDS = {
  jsonCode: JsonCodeField,
  scalarValue: ScalarValueField,
};
