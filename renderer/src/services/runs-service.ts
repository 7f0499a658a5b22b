/** Loads the run history and one run's details for the runs view, and re-runs a run from it. */
import { api, describeError } from '../api/api.js';
import { useRunsViewStore } from '../stores/runs-view-store.js';
import { useShellStore } from '../stores/shell-store.js';

/** Dead letters the designer loads per run at most; `flowmason show RUN --json` lists them all. */
export const DEAD_LETTER_PREVIEW_LIMIT = 500;

export async function loadRuns(): Promise<void> {
  const store = useRunsViewStore.getState();
  store.setLoading();
  try {
    const { runs } = await api().listRuns({ limit: 200 });
    useRunsViewStore.getState().setRuns(runs);
  } catch (error) {
    useRunsViewStore.getState().setError(`Runs could not be loaded: ${describeError(error)}`);
  }
}

export async function refreshRunsIfShown(): Promise<void> {
  if (useShellStore.getState().view !== 'runs') {
    return;
  }
  await loadRuns();
  const selected = useRunsViewStore.getState().selectedRunId;
  if (selected !== null) {
    await loadRunDetail(selected);
  }
}

export async function loadRunDetail(runId: number): Promise<void> {
  try {
    const [{ run, steps, nodes }, { deadLetters }] = await Promise.all([api().getRun({ runId }), api().listDeadLetters({ runId, includeResolved: true, limit: DEAD_LETTER_PREVIEW_LIMIT })]);
    useRunsViewStore.getState().setDetail(run, steps, deadLetters, Object.fromEntries(nodes.map((node) => [node.id, node.name])));
  } catch (error) {
    useRunsViewStore.getState().setError(`Run ${runId} could not be loaded: ${describeError(error)}`);
  }
}

export async function openRun(runId: number): Promise<void> {
  useRunsViewStore.getState().selectRun(runId);
  await loadRunDetail(runId);
}

export async function openStep(nodeId: string): Promise<void> {
  const { selectedRunId } = useRunsViewStore.getState();
  useRunsViewStore.getState().selectNode(nodeId);
  if (selectedRunId === null) {
    return;
  }
  try {
    const { samples } = await api().getStepSamples({ runId: selectedRunId, nodeId });
    useRunsViewStore.getState().setSamples(nodeId, samples);
  } catch (error) {
    useRunsViewStore.getState().setSamples(nodeId, {});
    useShellStore.getState().notify('error', `Samples of ${nodeId} could not be loaded: ${describeError(error)}`);
  }
}

/**
 * Runs the open run again from its sources. When its input or lookup files changed since, the host
 * rejects the rerun and the view offers `force`, which re-runs on the files as they are now.
 */
export async function rerunOpenRun(force = false): Promise<void> {
  const store = useRunsViewStore.getState();
  const runId = store.selectedRunId;
  if (runId === null) {
    return;
  }
  store.setRerunning(true);
  store.setRerunError(null);
  try {
    const rerun = await api().rerunRun({ runId, ...(force ? { force } : {}) });
    useShellStore.getState().notify('info', `Run ${rerun.runId} re-ran run ${runId}: ${rerun.status.toLowerCase().replace(/_/g, ' ')}`);
    await loadRuns();
    await openRun(rerun.runId);
  } catch (error) {
    useRunsViewStore.getState().setRerunError({ runId, message: describeError(error) });
  } finally {
    useRunsViewStore.getState().setRerunning(false);
  }
}
