/** The panel under the canvas: problems, parameters, the run, a source's preview, and the run's dead letters. */
import { useMemo } from 'react';
import { formatCount } from '../canvas/format.js';
import { nodesInFlowOrder } from '../document/flow-edits.js';
import { DEAD_LETTER_PREVIEW_LIMIT } from '../services/runs-service.js';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';
import { useRunInspectorStore, type RunInspectorState } from '../stores/run-inspector-store.js';
import { useShellStore, type BottomTab, type ShellState } from '../stores/shell-store.js';
import { useProblemCounts } from '../stores/flow-problems.js';
import { DeadLetterTable } from './DeadLetterTable.js';
import { ParametersPanel } from './ParametersPanel.js';
import { PanelResizer } from './PanelResizer.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { ReplayBar } from './ReplayBar.js';
import { RunPanel } from './RunPanel.js';
import { SourcePreviewPanel } from './SourcePreviewPanel.js';

const selectTab = (state: ShellState) => state.bottomTab;
const selectDeadLetters = (state: RunInspectorState) => state.deadLetters;

export function BottomPanel() {
  const tab = useShellStore(selectTab);
  const { errors, warnings } = useProblemCounts();
  const deadLetters = useRunInspectorStore(selectDeadLetters);
  const flow = useDocumentStore(selectDocument);
  const nodes = useMemo(() => {
    const byId = new Map(flow.nodes.map((node) => [node.id, node]));
    return nodesInFlowOrder(flow).map((id) => ({ id, name: byId.get(id)?.name ?? id }));
  }, [flow]);
  const openDeadLetters = deadLetters.filter((letter) => letter.resolvedAt === null).length;
  const tabs: { id: BottomTab; label: string; badge?: number; bad?: boolean; more?: boolean }[] = [
    { id: 'problems', label: 'Problems', badge: errors + warnings, bad: errors > 0 },
    { id: 'parameters', label: 'Parameters' },
    { id: 'run', label: 'Run' },
    { id: 'preview', label: 'Preview' },
    { id: 'dead-letters', label: 'Dead letters', badge: openDeadLetters, bad: openDeadLetters > 0, more: deadLetters.length >= DEAD_LETTER_PREVIEW_LIMIT },
  ];
  return (
    <section className="fm-bottom" aria-label="Problems and run">
      <PanelResizer />
      <div className="fm-tabs" role="tablist">
        {tabs.map((item) => (
          <button key={item.id} type="button" role="tab" aria-selected={tab === item.id} className={`fm-tab ${tab === item.id ? 'is-active' : ''}`} onClick={() => useShellStore.getState().setBottomTab(item.id)} data-testid={`tab-${item.id}`}>
            {item.label}
            {item.badge !== undefined && item.badge > 0 && <span className={`fm-tab__count ${item.bad === true ? 'is-bad' : ''}`}>{formatCount(item.badge)}{item.more === true ? '+' : ''}</span>}
          </button>
        ))}
      </div>
      <div className="fm-bottom__body">
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'parameters' && <ParametersPanel />}
        {tab === 'run' && <RunPanel />}
        {tab === 'preview' && <SourcePreviewPanel />}
        {tab === 'dead-letters' && (
          <div className="fm-dead-letters">
            <div>
              {deadLetters.length >= DEAD_LETTER_PREVIEW_LIMIT && <p className="fm-muted fm-small fm-empty">The first {formatCount(DEAD_LETTER_PREVIEW_LIMIT)} dead letters of the run.</p>}
              <ReplayBar deadLetters={deadLetters} nodes={nodes} />
            </div>
            <DeadLetterTable deadLetters={deadLetters} />
          </div>
        )}
      </div>
    </section>
  );
}
