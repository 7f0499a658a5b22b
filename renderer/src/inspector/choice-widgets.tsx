/**
 * Selects and checkboxes of the config form. A setting that is absent shows its default, named as
 * the default, so an unset checkbox whose default is true shows checked. Choosing the default
 * entry of a select removes the setting again.
 */
import type { WidgetProps } from '@rjsf/utils';
import { optionLabel } from './option-labels.js';

interface EnumOption {
  label: string;
  value: unknown;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Tells whether rjsf renders this select to choose among the forms of an `anyOf` or `oneOf` field, not to set a value. */
export function isUnionSelector(props: Pick<WidgetProps, 'name'>): boolean {
  return /__(any|one)of_select$/.test(props.name);
}

/** A select over the field's enum, labelled for people: a tab shows as "Tab", not as blank space. */
export function SelectWidget(props: WidgetProps) {
  const enumOptions = (props.options.enumOptions ?? []) as EnumOption[];
  const selector = isUnionSelector(props);
  const fallback = selector ? undefined : props.schema.default;
  const selected = props.value === undefined ? -1 : enumOptions.findIndex((option) => sameValue(option.value, props.value));
  let emptyLabel = 'not set';
  if (fallback !== undefined) {
    emptyLabel = `default (${optionLabel(fallback, undefined)})`;
  } else if (props.required) {
    emptyLabel = 'choose…';
  }
  return (
    <select
      id={props.id}
      className="fm-input"
      value={selected === -1 ? '' : String(selected)}
      disabled={props.disabled || props.readonly}
      onChange={(event) => {
        const index = event.target.value === '' ? -1 : Number(event.target.value);
        props.onChange(index === -1 ? undefined : enumOptions[index]?.value);
      }}
      onBlur={() => props.onBlur(props.id, props.value)}
      onFocus={() => props.onFocus(props.id, props.value)}
    >
      {(props.value === undefined || (!props.required && !selector)) && <option value="">{emptyLabel}</option>}
      {props.value !== undefined && selected === -1 && <option value="">{`${JSON.stringify(props.value)} (not an allowed value)`}</option>}
      {enumOptions.map((option, index) => (
        <option key={index} value={String(index)}>
          {optionLabel(option.value, option.label)}
        </option>
      ))}
    </select>
  );
}

/** A checkbox that shows the schema's default while the setting is absent. */
export function CheckboxWidget(props: WidgetProps) {
  const isSet = typeof props.value === 'boolean';
  const checked = isSet ? (props.value as boolean) : props.schema.default === true;
  const description = props.schema.description;
  return (
    <div className={`checkbox ${props.disabled || props.readonly ? 'disabled' : ''}`}>
      {description !== undefined && <p className="field-description">{description}</p>}
      <label htmlFor={props.id}>
        <input
          id={props.id}
          type="checkbox"
          checked={checked}
          disabled={props.disabled || props.readonly}
          onChange={(event) => props.onChange(event.target.checked)}
          onBlur={() => props.onBlur(props.id, props.value)}
          onFocus={() => props.onFocus(props.id, props.value)}
        />
        <span>{props.label}</span>
        {!isSet && props.schema.default !== undefined && <span className="fm-muted fm-small">(default)</span>}
      </label>
    </div>
  );
}
