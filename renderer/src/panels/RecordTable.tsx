/** Records as a table: key, the rules a record broke, origin, then one column per data field (the union over the records shown). */
import { Fragment, useState } from 'react';
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

function rowClass(record: FlowRecord, expanded: boolean): string | undefined {
  const classes: string[] = [];
  if ((record.errors?.length ?? 0) > 0) {
    classes.push('has-errors');
  }
  if (expanded) {
    classes.push('is-selected');
  }
  return classes.length === 0 ? undefined : classes.join(' ');
}

function RecordErrors({ record }: { record: FlowRecord }) {
  return (
    <>
      {(record.errors ?? []).map((error, errorIndex) => (
        <div key={errorIndex}>
          {error.field !== undefined && error.field !== '' && <span className="fm-mono">{error.field}: </span>}
          {error.message} <span className="fm-muted">({error.rule})</span>
        </div>
      ))}
    </>
  );
}

/** The whole record under its row: every field, the errors and the origin, for records too wide for the table. */
function RecordDetail({ record, columns }: { record: FlowRecord; columns: number }) {
  return (
    <tr className="fm-record-detail" data-testid="record-detail">
      <td colSpan={columns}>
        {(record.errors?.length ?? 0) > 0 && (
          <div className="fm-table__errors">
            <RecordErrors record={record} />
          </div>
        )}
        <pre className="fm-record-detail__data">{JSON.stringify(record.data, null, 2)}</pre>
      </td>
    </tr>
  );
}

/**
 * Records as a table. The errors column comes right after the key, so the reasons a record is
 * invalid are in view however many fields it has. Clicking a row shows the whole record.
 */
export function RecordTable({ records, testId }: { records: readonly FlowRecord[]; testId?: string }) {
  const [expanded, setExpanded] = useState<number | null>(null);
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
  const columnCount = 3 + (hasErrors ? 1 : 0) + shown.length;
  return (
    <div className="fm-table-wrap">
      <table className="fm-table fm-table--clickable" data-testid={testId}>
        <thead>
          <tr>
            <th>#</th>
            <th>key</th>
            {hasErrors && <th>errors</th>}
            <th>origin</th>
            {shown.map((column) => (
              <th key={column}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((record, index) => (
            <Fragment key={index}>
              <tr className={rowClass(record, expanded === index)} onClick={() => setExpanded(expanded === index ? null : index)} title="Click to show the whole record">
                <td className="fm-muted">{index + 1}</td>
                <td className="fm-mono">{record.key ?? '–'}</td>
                {hasErrors && (
                  <td className="fm-table__errors">
                    <RecordErrors record={record} />
                  </td>
                )}
                <td className="fm-muted">{describeOrigin(record)}</td>
                {shown.map((column) => (
                  <td key={column}>{cellText(record.data[column])}</td>
                ))}
              </tr>
              {expanded === index && <RecordDetail record={record} columns={columnCount} />}
            </Fragment>
          ))}
        </tbody>
      </table>
      {columns.length > MAX_COLUMNS && <p className="fm-muted fm-small">{columns.length - MAX_COLUMNS} more fields are not shown.</p>}
    </div>
  );
}
