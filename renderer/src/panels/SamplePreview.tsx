/** A step's sample records, one tab per output port. */
import { useState } from 'react';
import type { FlowRecord } from '../../../engine/api/index.js';
import { formatCount } from '../canvas/format.js';
import { RecordTable } from './RecordTable.js';

export interface SamplePreviewProps {
  nodeId: string;
  samples: Readonly<Record<string, readonly FlowRecord[]>> | null;
  counts: Readonly<Record<string, number>> | undefined;
  loading: boolean;
}

export function SamplePreview({ nodeId, samples, counts, loading }: SamplePreviewProps) {
  const ports = Object.keys(samples ?? {});
  const [chosen, setChosen] = useState<string | null>(null);
  const port = chosen !== null && ports.includes(chosen) ? chosen : (ports[0] ?? null);
  if (loading || samples === null) {
    return <p className="fm-muted fm-empty">Loading records of {nodeId}…</p>;
  }
  if (port === null) {
    return <p className="fm-muted fm-empty">Node {nodeId} sent no records.</p>;
  }
  return (
    <div className="fm-preview" data-testid={`preview-${nodeId}`}>
      <div className="fm-tabs fm-tabs--small" role="tablist">
        {ports.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={name === port} className={`fm-tab ${name === port ? 'is-active' : ''} ${name === 'error' || name === 'invalid' ? 'fm-tab--bad' : ''}`} onClick={() => setChosen(name)} data-testid={`preview-port-${name}`}>
            {name}
            {counts?.[name] !== undefined && <span className="fm-tab__count">{formatCount(counts[name] ?? 0)}</span>}
          </button>
        ))}
      </div>
      <p className="fm-muted fm-small">
        First {samples[port]?.length ?? 0} records sent on <strong>{port}</strong>.
      </p>
      <RecordTable records={samples[port] ?? []} testId={`records-${nodeId}-${port}`} />
    </div>
  );
}
