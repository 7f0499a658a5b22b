/**
 * The flow's parameters: named values with a type and a default, overridable per run. A config
 * field refers to one with `{ "$param": "name" }` (the `{ }` menu beside text fields).
 */
import { useState } from 'react';
import type { FlowParameter } from '../../../engine/api/index.js';
import { setParameters } from '../document/flow-edits.js';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';

const TYPES: FlowParameter['type'][] = ['string', 'number', 'boolean', 'path'];
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

function parseDefault(type: FlowParameter['type'], text: string): FlowParameter['default'] {
  if (text === '') {
    return undefined;
  }
  if (type === 'number' && Number.isFinite(Number(text))) {
    return Number(text);
  }
  if (type === 'boolean' && (text === 'true' || text === 'false')) {
    return text === 'true';
  }
  return text;
}

function withParameter(parameters: Record<string, FlowParameter>, name: string, change: Partial<FlowParameter>): Record<string, FlowParameter> {
  const current = parameters[name] ?? { type: 'string' };
  const next: FlowParameter = { ...current, ...change };
  for (const key of ['default', 'description'] as const) {
    if (next[key] === undefined || next[key] === '') {
      delete next[key];
    }
  }
  return { ...parameters, [name]: next };
}

export function ParametersPanel() {
  const flow = useDocumentStore(selectDocument);
  const parameters = flow.parameters ?? {};
  const [newName, setNewName] = useState('');
  const edit = (next: Record<string, FlowParameter>, key?: string) => useDocumentStore.getState().edit((current) => setParameters(current, next), key);
  let nameProblem: string | null = null;
  if (newName !== '' && !NAME_PATTERN.test(newName)) {
    nameProblem = 'starts with a letter; letters, digits, - and _ only';
  } else if (newName in parameters) {
    nameProblem = 'already exists';
  }

  return (
    <div className="fm-parameters">
      <table className="fm-table fm-table--form">
        <thead>
          <tr>
            <th>name</th>
            <th>type</th>
            <th>default</th>
            <th>description</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {Object.entries(parameters).map(([name, parameter]) => (
            <tr key={name} data-testid={`parameter-${name}`}>
              <td className="fm-mono">{name}</td>
              <td>
                <select className="fm-input" value={parameter.type} aria-label={`Type of ${name}`} onChange={(event) => edit(withParameter(parameters, name, { type: event.target.value as FlowParameter['type'] }))}>
                  {TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  className="fm-input"
                  aria-label={`Default of ${name}`}
                  value={parameter.default === undefined ? '' : String(parameter.default)}
                  placeholder="no default: a value is required"
                  onChange={(event) => edit(withParameter(parameters, name, { default: parseDefault(parameter.type, event.target.value) }), `parameter-default:${name}`)}
                />
              </td>
              <td>
                <input className="fm-input" aria-label={`Description of ${name}`} value={parameter.description ?? ''} onChange={(event) => edit(withParameter(parameters, name, { description: event.target.value }), `parameter-description:${name}`)} />
              </td>
              <td>
                <button
                  type="button"
                  className="fm-button fm-button--quiet"
                  onClick={() => {
                    const { [name]: _removed, ...rest } = parameters;
                    edit(rest);
                  }}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="fm-parameters__add"
        onSubmit={(event) => {
          event.preventDefault();
          if (newName !== '' && nameProblem === null) {
            edit(withParameter(parameters, newName, { type: 'string' }));
            setNewName('');
          }
        }}
      >
        <input className="fm-input" placeholder="new parameter name" aria-label="New parameter name" value={newName} onChange={(event) => setNewName(event.target.value)} />
        <button type="submit" className="fm-button" disabled={newName === '' || nameProblem !== null}>
          Add parameter
        </button>
        {nameProblem !== null && <span className="fm-field-error">Name {nameProblem}</span>}
      </form>
    </div>
  );
}
