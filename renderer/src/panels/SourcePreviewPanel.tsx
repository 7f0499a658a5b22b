/** The Preview tab: the first records a source node makes, what its reader found in the file, and the errors, located. */
import { useShallow } from 'zustand/react/shallow';
import type { FlowRecord, SourcePreviewInfo } from '../../../engine/api/index.js';
import { optionLabel } from '../inspector/option-labels.js';
import { useSourcePreviewStore, type SourcePreviewState } from '../stores/source-preview-store.js';
import { RecordTable } from './RecordTable.js';

const selectPreview = (state: SourcePreviewState) => ({ nodeId: state.nodeId, loading: state.loading, preview: state.preview, error: state.error });

/** Describes what the reader settled on: `csv · utf-8 · delimiter Semicolon (;)`. */
export function describeFile(file: NonNullable<SourcePreviewInfo['file']>): string {
  const parts = [file.format];
  const { details } = file;
  if (details.encoding !== undefined) {
    parts.push(details.encoding);
  }
  if (details.delimiter !== undefined) {
    parts.push(`delimiter ${optionLabel(details.delimiter, undefined)}`);
  }
  if (details.layout !== undefined) {
    parts.push(details.layout === 'jsonl' ? 'JSON Lines' : 'JSON array');
  }
  if (details.recordPath !== undefined) {
    parts.push(`records at ${details.recordPath}`);
  }
  for (const [name, character] of Object.entries(details.separators ?? {})) {
    parts.push(`${name} ${character === '' ? 'none' : JSON.stringify(character)}`);
  }
  return parts.join(' · ');
}

/** Turns preview records into the records a table shows; the origin is the file and line. */
function asRecords(preview: SourcePreviewInfo): FlowRecord[] {
  return preview.records.map((record, index) => ({
    key: record.key,
    origin: { node: preview.nodeId, index, ...(preview.file === null ? {} : { file: preview.file.path }), ...(record.line === undefined ? {} : { line: record.line }) },
    data: record.data,
  }));
}

export function SourcePreviewPanel() {
  const { nodeId, loading, preview, error } = useSourcePreviewStore(useShallow(selectPreview));
  if (nodeId === null) {
    return <p className="fm-muted fm-empty">Select a source node and press Preview records in the inspector to see what it reads, before running the flow.</p>;
  }
  if (loading) {
    return <p className="fm-muted fm-empty">Reading the first records of {nodeId}…</p>;
  }
  if (error !== null) {
    return (
      <p className="fm-error-text fm-empty" data-testid="source-preview-error">
        {error}
      </p>
    );
  }
  if (preview === null) {
    return null;
  }
  return (
    <div className="fm-preview fm-source-preview" data-testid={`source-preview-${preview.nodeId}`}>
      <p className="fm-small">
        <strong>{preview.nodeId}</strong>: first {preview.records.length} record{preview.records.length === 1 ? '' : 's'}
        {preview.complete ? ', the whole source' : ''}
        {preview.file !== null && (
          <>
            {' '}
            from <span className="fm-mono">{preview.file.path}</span> <span className="fm-muted" data-testid="source-preview-details">({describeFile(preview.file)})</span>
          </>
        )}
      </p>
      {preview.errors.length > 0 && (
        <ul className="fm-source-preview__errors" data-testid="source-preview-errors">
          {preview.errors.map((item, index) => (
            <li key={index} className="fm-error-text">
              {item.line !== undefined && <span className="fm-mono">line {item.line}: </span>}
              {item.message}
            </li>
          ))}
        </ul>
      )}
      <RecordTable records={asRecords(preview)} testId={`source-records-${preview.nodeId}`} />
    </div>
  );
}
