/**
 * Replays the dead letters picked in the replay store, with their edited data, then reloads what
 * shows them: the designer's Dead letters tab and the runs view.
 */
import { api, describeError } from '../api/api.js';
import { useReplayStore } from '../stores/replay-store.js';
import { useRunInspectorStore } from '../stores/run-inspector-store.js';
import { useRunsViewStore } from '../stores/runs-view-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { reloadInspectedDeadLetters } from './run-service.js';
import { loadRunDetail, loadRuns } from './runs-service.js';

/** Replays the picked dead letters among `shown` (those of the list the operator looks at). */
export async function replaySelected(shown: readonly number[]): Promise<void> {
  const store = useReplayStore.getState();
  const ids = shown.filter((id) => store.selected.has(id));
  if (ids.length === 0 || store.replaying) {
    return;
  }
  const edits = ids.flatMap((id) => (store.edits[id] === undefined ? [] : [{ deadLetterId: id, data: store.edits[id] }]));
  store.setReplaying(true);
  try {
    const { runs } = await api().replayDeadLetters({
      deadLetterIds: ids,
      flowVersion: store.flowVersion,
      ...(store.fromNode === null ? {} : { fromNode: store.fromNode }),
      ...(edits.length === 0 ? {} : { edits }),
    });
    useReplayStore.getState().clear(ids);
    const described = runs.map((run) => `run ${run.runId} (replay of run ${run.parentRunId}) ${run.status.toLowerCase().replace(/_/g, ' ')}`);
    useShellStore.getState().notify(runs.some((run) => run.status === 'FAILED') ? 'error' : 'info', `Replayed ${ids.length} dead letter${ids.length === 1 ? '' : 's'}: ${described.join('; ')}`);
  } catch (error) {
    useShellStore.getState().notify('error', `The replay did not run: ${describeError(error)}`);
  } finally {
    useReplayStore.getState().setReplaying(false);
  }
  await reloadAfterReplay();
}

async function reloadAfterReplay(): Promise<void> {
  const inspected = useRunInspectorStore.getState().runId;
  if (inspected !== null) {
    await reloadInspectedDeadLetters();
  }
  if (useShellStore.getState().view === 'runs') {
    await loadRuns();
    const selected = useRunsViewStore.getState().selectedRunId;
    if (selected !== null) {
      await loadRunDetail(selected);
    }
  }
}
