/**
 * Fields for values of more than one type. A JSON value or JSON Schema is edited as JSON text in
 * Monaco. A plain value (text, number, true or false, null) gets a type menu and one input, for
 * settings such as a route's `equals` that accept any of those.
 */
import { getUiOptions, type FieldProps, type RJSFSchema } from '@rjsf/utils';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { findDraft, useConfigDraftsStore } from '../stores/config-drafts-store.js';
import { configFieldPath, configFormNodeId } from './config-form-context.js';
import { BindableRow, readReference, ReferenceChip } from './parameter-binding.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

export function Loading() {
  return <div className="fm-code fm-code--loading">Loading editor…</div>;
}

/** Label, description and the host's errors around a field's editor, as rjsf lays out its own fields. */
function FieldFrame(props: FieldProps & { children: ReactNode; action?: ReactNode; fallbackDescription?: string }) {
  const { fieldPathId, schema, uiSchema, required } = props;
  const options = getUiOptions(uiSchema);
  const label = (typeof options.title === 'string' ? options.title : undefined) ?? schema.title;
  const description = schema.description ?? props.fallbackDescription;
  const rawErrors = props.errorSchema?.__errors ?? props.rawErrors ?? [];
  return (
    <div className={`form-group field fm-field--code ${rawErrors.length > 0 ? 'has-error' : ''}`}>
      {(label !== undefined || props.action !== undefined) && (
        <div className="fm-field__head">
          <label className="control-label" htmlFor={fieldPathId.$id}>
            {label}
            {required === true && <span className="required">*</span>}
          </label>
          {props.action}
        </div>
      )}
      {description !== undefined && <p className="field-description">{description}</p>}
      {props.children}
      {rawErrors.length > 0 && (
        <ul className="error-detail">
          {rawErrors.map((error, index) => (
            <li key={index}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Formats a value for the JSON editor; an absent value starts as an empty object. */
function formatJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/**
 * Edits a whole JSON value (an object, a JSON Schema, anything) as JSON text. Text that does not
 * parse leaves the flow's value as it was and is kept as a draft, so it survives selecting
 * another node and shows in Problems until it is fixed.
 */
export function JsonCodeField(props: FieldProps) {
  const { onChange, fieldPathId, uiSchema, required } = props;
  const formData = props.formData as unknown;
  const nodeId = configFormNodeId(props.registry.formContext);
  const field = configFieldPath(fieldPathId.path);
  const draft = useConfigDraftsStore((state) => findDraft(state, nodeId, field));
  const [expanded, setExpanded] = useState(false);
  const [text, setText] = useState(() => draft?.text ?? formatJson(formData));
  // The value the text was last made from or parsed to, to tell an outside change (undo) from the echo of typing.
  const shownValue = useRef(JSON.stringify(formData));
  useEffect(() => {
    const incoming = JSON.stringify(formData);
    if (incoming === shownValue.current) {
      return;
    }
    shownValue.current = incoming;
    setText(formatJson(formData));
    useConfigDraftsStore.getState().clearDraft(nodeId, field);
  }, [formData, nodeId, field]);

  const edit = (next: string): void => {
    setText(next);
    let value: unknown;
    try {
      value = JSON.parse(next) as unknown;
    } catch (error) {
      useConfigDraftsStore.getState().setDraft({ nodeId, field, text: next, message: (error as Error).message });
      return;
    }
    useConfigDraftsStore.getState().clearDraft(nodeId, field);
    shownValue.current = JSON.stringify(value);
    onChange(value, fieldPathId.path);
  };
  const remove = (): void => {
    useConfigDraftsStore.getState().clearDraft(nodeId, field);
    shownValue.current = JSON.stringify(undefined);
    setText(formatJson(undefined));
    setExpanded(false);
    onChange(undefined, fieldPathId.path);
  };

  const editor: unknown = getUiOptions(uiSchema).editor;
  const reference = readReference(formData);
  const shown = formData !== undefined || expanded || draft !== undefined;
  const removable = shown && required !== true && reference === null;
  const action = removable ? (
    <button type="button" className="fm-link-button fm-small" onClick={remove} data-testid={`remove-${fieldPathId.$id}`}>
      Remove
    </button>
  ) : undefined;
  let body: ReactNode;
  if (reference !== null) {
    body = <ReferenceChip id={fieldPathId.$id} reference={reference} onUnbind={remove} disabled={props.readonly || props.disabled} />;
  } else if (shown) {
    body = (
      <Suspense fallback={<Loading />}>
        <CodeEditor id={fieldPathId.$id} language="json" value={text} onChange={edit} readOnly={props.readonly || props.disabled} />
      </Suspense>
    );
  } else {
    body = (
      <button type="button" className="fm-button fm-button--small fm-button--dashed" onClick={() => setExpanded(true)} data-testid={`set-${fieldPathId.$id}`}>
        {editor === 'json-schema' ? 'Add a JSON Schema' : 'Set a JSON value'}
      </button>
    );
  }
  return (
    <FieldFrame {...props} action={action} fallbackDescription={editor === 'json-schema' ? 'A JSON Schema for the records.' : 'A JSON value.'}>
      {body}
    </FieldFrame>
  );
}

/** The kinds of plain value a field may take, from the JSON types of its `anyOf` branches. */
export type ScalarKind = 'text' | 'number' | 'boolean' | 'null';

const JSON_TYPE_KINDS: Readonly<Record<string, ScalarKind>> = { string: 'text', number: 'number', integer: 'number', boolean: 'boolean', null: 'null' };

const KIND_LABELS: Record<ScalarKind, string> = { text: 'text', number: 'number', boolean: 'true / false', null: 'null' };

/** Returns the kinds a field accepts, from its list of JSON types (formSchema turns the union into one). */
export function scalarKinds(schema: RJSFSchema): ScalarKind[] {
  const kinds: ScalarKind[] = [];
  for (const type of Array.isArray(schema.type) ? schema.type : [schema.type]) {
    const kind = type === undefined ? undefined : JSON_TYPE_KINDS[type];
    if (kind !== undefined && !kinds.includes(kind)) {
      kinds.push(kind);
    }
  }
  return kinds;
}

export function scalarKindOf(value: unknown): ScalarKind | undefined {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/** Converts a value to another kind, keeping what carries over: `12` as text is `'12'`. */
export function convertScalar(value: unknown, kind: ScalarKind): string | number | boolean | null {
  switch (kind) {
    case 'text':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    case 'number': {
      const number = Number(value);
      return typeof value !== 'boolean' && value !== null && value !== '' && Number.isFinite(number) ? number : 0;
    }
    case 'boolean':
      return value === true || value === 'true';
    case 'null':
      return null;
  }
}

/** Edits a plain value that may be text, a number, true or false, or null: a type menu and an input for that type. */
export function ScalarValueField(props: FieldProps) {
  const { onChange, fieldPathId, required } = props;
  const value = props.formData as unknown;
  const kinds = scalarKinds(props.schema);
  const kind = scalarKindOf(value);
  const [numberText, setNumberText] = useState(typeof value === 'number' ? String(value) : '');
  useEffect(() => {
    if (typeof value === 'number' && Number(numberText) !== value) {
      setNumberText(String(value));
    }
  }, [value, numberText]);
  const set = (next: unknown): void => onChange(next, fieldPathId.path);
  const disabled = props.readonly || props.disabled;
  const reference = readReference(value);
  if (reference !== null) {
    return (
      <FieldFrame {...props}>
        <ReferenceChip id={fieldPathId.$id} reference={reference} onUnbind={() => set(undefined)} disabled={disabled} />
      </FieldFrame>
    );
  }
  return (
    <FieldFrame {...props}>
      <BindableRow onBind={set}>
        <div className="fm-scalar">
          <select
            className="fm-input fm-scalar__kind"
            aria-label="Type of the value"
            value={kind ?? ''}
            disabled={disabled}
            onChange={(event) => set(event.target.value === '' ? undefined : convertScalar(value, event.target.value as ScalarKind))}
            data-testid={`${fieldPathId.$id}__kind`}
          >
            {(kind === undefined || required !== true) && <option value="">not set</option>}
            {kinds.map((option) => (
              <option key={option} value={option}>
                {KIND_LABELS[option]}
              </option>
            ))}
          </select>
          {kind === 'text' && <input id={fieldPathId.$id} className="fm-input" value={value as string} disabled={disabled} onChange={(event) => set(event.target.value)} />}
          {kind === 'number' && (
            <input
              id={fieldPathId.$id}
              className="fm-input"
              type="number"
              value={numberText}
              disabled={disabled}
              onChange={(event) => {
                setNumberText(event.target.value);
                const number = Number(event.target.value);
                if (event.target.value.trim() !== '' && Number.isFinite(number)) {
                  set(number);
                }
              }}
            />
          )}
          {kind === 'boolean' && (
            <select id={fieldPathId.$id} className="fm-input" value={String(value)} disabled={disabled} onChange={(event) => set(event.target.value === 'true')}>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          )}
        </div>
      </BindableRow>
    </FieldFrame>
  );
}
