/**
 * Parameter bindings in the config form. Any setting may hold `{ "$param": "name" }`, the value of
 * a flow parameter, or `{ "$secret": "name" }`; the engine puts the value in when the flow runs.
 * {@link withBinding} gives a widget the `{ }` menu that binds it and shows a bound value as a chip.
 */
import type { WidgetProps } from '@rjsf/utils';
import type { ComponentType, ReactNode } from 'react';
import type { FlowParameter } from '../../../engine/api/index.js';
import { selectDocument, useDocumentStore, type DocumentState } from '../stores/document-store.js';

export interface Reference {
  kind: '$param' | '$secret';
  name: string;
}

/** Reads a reference object, or null when the value is not one. */
export function readReference(value: unknown): Reference | null {
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

const selectParameters = (state: DocumentState): Readonly<Record<string, FlowParameter>> | undefined => selectDocument(state).parameters;

/** Shows a bound value: which parameter or secret, its default, and a way back to a plain value. */
export function ReferenceChip({ id, reference, onUnbind, disabled = false }: { id?: string; reference: Reference; onUnbind: () => void; disabled?: boolean }) {
  const parameter = useDocumentStore((state) => (reference.kind === '$param' ? selectParameters(state)?.[reference.name] : undefined));
  let title = 'Secret, resolved when the flow runs';
  if (reference.kind === '$param') {
    title = parameter === undefined ? `The flow declares no parameter '${reference.name}'` : `Value of the flow parameter ${reference.name}${parameter.default === undefined ? '' : `; default ${String(parameter.default)}`}`;
  }
  return (
    <div className="fm-reference" id={id} data-testid={id === undefined ? undefined : `binding-${id}`}>
      <span className={`fm-reference__chip ${reference.kind === '$param' && parameter === undefined ? 'is-broken' : ''}`} title={title}>
        {reference.kind === '$param' ? 'parameter' : 'secret'} <strong>{reference.name}</strong>
        {parameter?.default !== undefined && <span className="fm-reference__default"> = {String(parameter.default)}</span>}
      </span>
      {!disabled && (
        <button type="button" className="fm-link-button" onClick={onUnbind}>
          Use a value
        </button>
      )}
    </div>
  );
}

/** The `{ }` menu beside a field: picking a parameter binds the field to it. Absent when the flow has no parameters. */
export function BindMenu({ onBind, label }: { onBind: (reference: { $param: string }) => void; label?: string }) {
  const parameters = useDocumentStore(selectParameters);
  const names = Object.keys(parameters ?? {});
  if (names.length === 0) {
    return null;
  }
  return (
    <select
      className="fm-reference__bind"
      value=""
      aria-label={label === undefined ? 'Use a flow parameter' : `Use a flow parameter for ${label}`}
      title="Use a flow parameter"
      onChange={(event) => {
        if (event.target.value !== '') {
          onBind({ $param: event.target.value });
        }
      }}
    >
      <option value="">{'{ }'}</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** Lays a field's own input out beside its `{ }` menu. */
export function BindableRow({ children, onBind }: { children: ReactNode; onBind: (reference: { $param: string }) => void }) {
  return (
    <div className="fm-reference">
      <div className="fm-reference__input">{children}</div>
      <BindMenu onBind={onBind} />
    </div>
  );
}

/**
 * Wraps a widget so that it can be bound to a parameter. A bound value shows as a chip with "Use a
 * value", which removes the setting. Otherwise the widget shows with the `{ }` menu beside it.
 */
export function withBinding(Widget: ComponentType<WidgetProps>): ComponentType<WidgetProps> {
  function Bindable(props: WidgetProps) {
    if (/__(any|one)of_select$/.test(props.name)) {
      // rjsf's menu of the forms of a union field sets no value, so there is nothing to bind.
      return <Widget {...props} />;
    }
    const reference = readReference(props.value);
    if (reference !== null) {
      return <ReferenceChip id={props.id} reference={reference} onUnbind={() => props.onChange(undefined)} disabled={props.disabled || props.readonly} />;
    }
    return (
      <BindableRow onBind={(value) => props.onChange(value)}>
        <Widget {...props} />
      </BindableRow>
    );
  }
  Bindable.displayName = `Bindable(${Widget.displayName ?? Widget.name})`;
  return Bindable;
}
