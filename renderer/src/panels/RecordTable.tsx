/**
 * Records as a table: key, origin, one column per data field (the union over the records shown),
 * and the rules a record broke, so invalid reasons and errors are visible next to the data.
 */
import type { FlowRecord } from '../../../engine/api/index.js';

/** Data columns shown at most; the rest are summarised in the last column. */
const MAX_COLUMNS = 24;

function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value) ?? '';
}

function describeOrigin(record: FlowRecord): string {
  const { origin } = record;
  if (origin.file !== undefined) {
    const base = origin.file.split(/[\\/]/).pop() ?? origin.file;
    return origin.line !== undefined ? `${base}:${origin.line}` : `${base} #${origin.index + 1}`;
  }
  return `${origin.node} #${origin.index + 1}`;
}

export function RecordTable({ records, testId }: { records: readonly FlowRecord[]; testId?: string }) {
  if (records.length === 0) {
    return <p className="fm-muted fm-empty">No records.</p>;
  }
  const columns: string[] = [];
  for (const record of records) {
    for (const key of Object.keys(record.data)) {
      if (!columns.includes(key)) {
        columns.push(key);
      }
    }
  }
  const shown = columns.slice(0, MAX_COLUMNS);
  const hasErrors = records.some((record) => (record.errors?.length ?? 0) > 0);
  return (
    <div className="fm-table-wrap">
      <table className="fm-table" data-testid={testId}>
        <thead>
          <tr>
            <th>#</th>
            <th>key</th>
            <th>origin</th>
            {shown.map((column) => (
              <th key={column}>{column}</th>
            ))}
            {hasErrors && <th>errors</th>}
          </tr>
        </thead>
        <tbody>
          {records.map((record, index) => (
            <tr key={index} className={(record.errors?.length ?? 0) > 0 ? 'has-errors' : undefined}>
              <td className="fm-muted">{index + 1}</td>
              <td className="fm-mono">{record.key ?? '–'}</td>
              <td className="fm-muted">{describeOrigin(record)}</td>
              {shown.map((column) => (
                <td key={column}>{cellText(record.data[column])}</td>
              ))}
              {hasErrors && (
                <td className="fm-table__errors">
                  {(record.errors ?? []).map((error, errorIndex) => (
                    <div key={errorIndex}>
                      {error.field !== undefined && error.field !== '' && <span className="fm-mono">{error.field}: </span>}
                      {error.message} <span className="fm-muted">({error.rule})</span>
                    </div>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {columns.length > MAX_COLUMNS && <p className="fm-muted fm-small">{columns.length - MAX_COLUMNS} more fields are not shown.</p>}
    </div>
  );
}
