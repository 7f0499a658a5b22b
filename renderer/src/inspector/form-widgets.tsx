/**
 * Custom parts of the config form: the JSONata expression widget, the JSON field for JSON Schemas
 * and free JSON values (both in Monaco), and a text widget that also shows and sets references to
 * flow parameters (`{ "$param": "name" }`) and secrets (`{ "$secret": "name" }`).
 */
import { getUiOptions, type FieldProps, type WidgetProps } from '@rjsf/utils';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { findDraft, useConfigDraftsStore } from '../stores/config-drafts-store.js';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';
import { configFieldPath, configFormNodeId } from './config-form-context.js';

const CodeEditor = lazy(() => import('./CodeEditor.js'));

function Loading() {
  return <div className="fm-code fm-code--loading">Loading editor…</div>;
}

/** Reads a reference object, or null when the value is not one. */
export function readReference(value: unknown): { kind: '$param' | '$secret'; name: string } | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const entries = Object.entries(value);
  if (entries.length !== 1) {
    return null;
  }
  const [kind, name] = entries[0] as [string, unknown];
  return (kind === '$param' || kind === '$secret') && typeof name === 'string' ? { kind, name } : null;
}

export function JsonataWidget(props: WidgetProps) {
  return (
    <Suspense fallback={<Loading />}>
      <CodeEditor id={props.id} language="jsonata" value={typeof props.value === 'string' ? props.value : ''} onChange={(next) => props.onChange(next)} readOnly={props.readonly || props.disabled} />
    </Suspense>
  );
}

const selectParameterNames = (state: Parameters<typeof selectDocument>[0]) => selectDocument(state).parameters;

/** Renders a text input that can instead hold a reference to one of the flow's parameters. */
export function ReferenceTextWidget(props: WidgetProps) {
  const parameters = useDocumentStore(selectParameterNames);
  const names = Object.keys(parameters ?? {});
  const reference = readReference(props.value);
  const bindTo = (name: string): void => props.onChange(name === '' ? '' : { $param: name });

  if (reference !== null) {
    return (
      <div className="fm-reference" id={props.id}>
        <span className="fm-reference__chip" title={reference.kind === '$param' ? 'Value of a flow parameter' : 'Secret, resolved when the flow runs'}>
          {reference.kind === '$param' ? 'parameter' : 'secret'} <strong>{reference.name}</strong>
        </span>
        <button type="button" className="fm-link-button" onClick={() => props.onChange('')}>
          Use a value
        </button>
      </div>
    );
  }
  const type = props.schema.type === 'number' || props.schema.type === 'integer' ? 'number' : 'text';
  return (
    <div className="fm-reference">
      <input
        id={props.id}
        className="fm-input"
        type={type}
        value={props.value === undefined || props.value === null ? '' : String(props.value)}
        placeholder={props.placeholder}
        disabled={props.disabled || props.readonly}
        onChange={(event) => {
          const text = event.target.value;
          if (type !== 'number') {
            props.onChange(text);
          } else {
            props.onChange(text === '' ? undefined : Number(text));
          }
        }}
        onBlur={(event) => props.onBlur(props.id, event.target.value)}
        onFocus={(event) => props.onFocus(props.id, event.target.value)}
      />
      {names.length > 0 && (
        <select className="fm-reference__bind" value="" aria-label="Use a flow parameter" title="Use a flow parameter" onChange={(event) => bindTo(event.target.value)}>
          <option value="">{'{ }'}</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
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
  const { onChange, fieldPathId, schema, uiSchema, required } = props;
  const formData = props.formData as unknown;
  const nodeId = configFormNodeId(props.registry.formContext);
  const field = configFieldPath(fieldPathId.path);
  const rawErrors = props.errorSchema?.__errors ?? props.rawErrors;
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

  const options = getUiOptions(uiSchema);
  const label = (typeof options.title === 'string' ? options.title : undefined) ?? schema.title ?? props.name;
  const description = schema.description ?? (options.editor === 'json-schema' ? 'A JSON Schema for the records.' : 'A JSON value.');
  const shown = formData !== undefined || expanded || draft !== undefined;
  return (
    <div className={`form-group field fm-field--code ${(rawErrors?.length ?? 0) > 0 ? 'has-error' : ''}`}>
      <div className="fm-field__head">
        <label className="control-label" htmlFor={fieldPathId.$id}>
          {label}
          {required === true && <span className="required">*</span>}
        </label>
        {shown && required !== true && (
          <button type="button" className="fm-link-button fm-small" onClick={remove} data-testid={`remove-${fieldPathId.$id}`}>
            Remove
          </button>
        )}
      </div>
      <p className="field-description">{description}</p>
      {shown ? (
        <Suspense fallback={<Loading />}>
          <CodeEditor id={fieldPathId.$id} language="json" value={text} onChange={edit} readOnly={props.readonly || props.disabled} />
        </Suspense>
      ) : (
        <button type="button" className="fm-button fm-button--small fm-button--dashed" onClick={() => setExpanded(true)} data-testid={`set-${fieldPathId.$id}`}>
          {options.editor === 'json-schema' ? 'Add a JSON Schema' : 'Set a JSON value'}
        </button>
      )}
      {(rawErrors ?? []).length > 0 && (
        <ul className="error-detail">
          {(rawErrors ?? []).map((error, index) => (
            <li key={index}>{error}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
