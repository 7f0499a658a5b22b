/**
 * Custom parts of the config form: the JSONata expression widget, the JSON field for JSON Schemas
 * and free JSON values (both in Monaco), and a text widget that also shows and sets references to
 * flow parameters (`{ "$param": "name" }`) and secrets (`{ "$secret": "name" }`).
 */
import { getUiOptions, type FieldProps, type WidgetProps } from '@rjsf/utils';
import { lazy, Suspense, useEffect, useState } from 'react';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';

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

/** Edits a whole JSON value (an object, a JSON Schema, anything) as JSON text. Invalid text keeps the last valid value. */
export function JsonCodeField(props: FieldProps) {
  const { onChange, fieldPathId, schema, uiSchema, required } = props;
  const formData = props.formData as unknown;
  const rawErrors = props.errorSchema?.__errors ?? props.rawErrors;
  const [expanded, setExpanded] = useState(false);
  const [text, setText] = useState(() => JSON.stringify(formData ?? {}, null, 2));
  useEffect(() => {
    // Follow changes from outside (undo, another node) unless they only echo what was typed.
    setText((current) => {
      try {
        return JSON.stringify(JSON.parse(current)) === JSON.stringify(formData ?? {}) ? current : JSON.stringify(formData ?? {}, null, 2);
      } catch {
        return JSON.stringify(formData ?? {}, null, 2);
      }
    });
  }, [formData]);
  const options = getUiOptions(uiSchema);
  const label = (typeof options.title === 'string' ? options.title : undefined) ?? schema.title ?? props.name;
  const description = schema.description ?? (options.editor === 'json-schema' ? 'A JSON Schema for the records.' : 'A JSON value.');
  return (
    <div className={`form-group field fm-field--code ${(rawErrors?.length ?? 0) > 0 ? 'has-error' : ''}`}>
      <label className="control-label" htmlFor={fieldPathId.$id}>
        {label}
        {required === true && <span className="required">*</span>}
      </label>
      <p className="field-description">{description}</p>
      {formData === undefined && !expanded ? (
        <button type="button" className="fm-button fm-button--small fm-button--dashed" onClick={() => setExpanded(true)} data-testid={`set-${fieldPathId.$id}`}>
          {options.editor === 'json-schema' ? 'Add a JSON Schema' : 'Set a JSON value'}
        </button>
      ) : (
      <Suspense fallback={<Loading />}>
        <CodeEditor
          id={fieldPathId.$id}
          language="json"
          value={text}
          onChange={(next) => {
            setText(next);
            try {
              onChange(JSON.parse(next) as unknown, fieldPathId.path);
            } catch {
              // Keep the last valid value; the editor shows the syntax error.
            }
          }}
          readOnly={props.readonly || props.disabled}
        />
      </Suspense>
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
