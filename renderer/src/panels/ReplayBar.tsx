/** Replay controls above a dead letter list: how many are picked, where and with which flow version they continue. */
import { useShallow } from 'zustand/react/shallow';
import type { DeadLetterInfo } from '../../../engine/api/index.js';
import { replaySelected } from '../services/replay-service.js';
import { useReplayStore, type FlowVersion, type ReplayState } from '../stores/replay-store.js';

const selectControls = (state: ReplayState) => ({ selected: state.selected, edits: state.edits, fromNode: state.fromNode, flowVersion: state.flowVersion, replaying: state.replaying });

export interface ReplayBarProps {
  deadLetters: readonly DeadLetterInfo[];
  /** Nodes a replay may continue at, in flow order. */
  nodes: readonly { id: string; name: string }[];
}

export function ReplayBar({ deadLetters, nodes }: ReplayBarProps) {
  const controls = useReplayStore(useShallow(selectControls));
  const open = deadLetters.filter((letter) => letter.resolvedAt === null);
  const picked = open.filter((letter) => controls.selected.has(letter.id));
  const editedCount = picked.filter((letter) => controls.edits[letter.id] !== undefined).length;
  if (open.length === 0) {
    return deadLetters.length === 0 ? null : <p className="fm-muted fm-small fm-replay-bar">Every dead letter of this run is closed.</p>;
  }
  return (
    <div className="fm-replay-bar" data-testid="replay-bar">
      <span className="fm-small">
        <strong>{picked.length}</strong> of {open.length} open dead letter{open.length === 1 ? '' : 's'} picked{editedCount > 0 ? `, ${editedCount} with edited data` : ''}
      </span>
      <label className="fm-small">
        continue at{' '}
        <select className="fm-input fm-input--inline" value={controls.fromNode ?? ''} onChange={(event) => useReplayStore.getState().setFromNode(event.target.value === '' ? null : event.target.value)} data-testid="replay-from-node">
          <option value="">the node where each failed</option>
          {nodes.map((node) => (
            <option key={node.id} value={node.id}>
              {node.name === '' || node.name === node.id ? node.id : `${node.name} (${node.id})`}
            </option>
          ))}
        </select>
      </label>
      <label className="fm-small">
        with{' '}
        <select className="fm-input fm-input--inline" value={controls.flowVersion} onChange={(event) => useReplayStore.getState().setFlowVersion(event.target.value as FlowVersion)} data-testid="replay-flow-version">
          <option value="original">the flow version the run ran</option>
          <option value="current">the flow file as it is now</option>
        </select>
      </label>
      <button
        type="button"
        className="fm-button fm-button--primary fm-button--small"
        disabled={picked.length === 0 || controls.replaying}
        onClick={() => void replaySelected(open.map((letter) => letter.id))}
        data-testid="replay-button"
      >
        {controls.replaying ? 'Replaying…' : `Replay ${picked.length === 0 ? '' : picked.length} picked`}
      </button>
    </div>
  );
}
