/**
 * Starting and cancelling runs from the designer, and feeding run events into the run inspector.
 * A flow with errors is not started: the problems list opens instead.
 */
import type { FlowDocument, RunEventMessage } from '../../../engine/api/index.js';
import { api, describeError } from '../api/api.js';
import { draftProblems, useConfigDraftsStore } from '../stores/config-drafts-store.js';
import { selectFlowKey, useDocumentStore } from '../stores/document-store.js';
import { useRunInspectorStore } from '../stores/run-inspector-store.js';
import { useRunParametersStore, valuesOfFlow } from '../stores/run-parameters-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { useValidationStore } from '../stores/validation-store.js';
import { refreshApprovalsIfShown } from './approvals-service.js';
import { DEAD_LETTER_PREVIEW_LIMIT, refreshRunsIfShown } from './runs-service.js';
import { validateNow } from './validation-service.js';

/**
 * Returns the run panel's values for the flow's declared parameters, converted to each one's type
 * where the text allows. The engine reports values it cannot convert. Empty values are left out,
 * so the parameter's default applies.
 */
export function parameterValues(flow: FlowDocument, typed: Readonly<Record<string, string>>): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const [name, parameter] of Object.entries(flow.parameters ?? {})) {
    const text = typed[name]?.trim() ?? '';
    if (text === '') {
      continue;
    }
    if (parameter.type === 'number' && Number.isFinite(Number(text))) {
      values[name] = Number(text);
    } else if (parameter.type === 'boolean' && (text === 'true' || text === 'false')) {
      values[name] = text === 'true';
    } else {
      values[name] = text;
    }
  }
  return values;
}

/** Validates the flow and, when it has no errors, starts a run with the run panel's parameter values. */
export async function startRun(): Promise<void> {
  const shell = useShellStore.getState();
  if (useValidationStore.getState().revision !== useDocumentStore.getState().revision) {
    await validateNow();
  }
  const validation = useValidationStore.getState();
  const nodeIds = new Set(useDocumentStore.getState().history.present.nodes.map((node) => node.id));
  const errorCount = validation.errorCount + draftProblems(useConfigDraftsStore.getState().drafts, nodeIds).length;
  if (errorCount > 0 || validation.failure !== null) {
    shell.setBottomTab('problems');
    shell.notify('error', validation.failure ?? `Fix the ${errorCount} error${errorCount === 1 ? '' : 's'} in Problems before running the flow`);
    return;
  }
  const documentState = useDocumentStore.getState();
  const { history, path } = documentState;
  const inspector = useRunInspectorStore.getState();
  inspector.starting();
  shell.setBottomTab('run');
  try {
    const params = parameterValues(history.present, valuesOfFlow(useRunParametersStore.getState(), selectFlowKey(documentState)));
    const { runId } = await api().startRun({ flow: history.present, params, ...(path === null ? {} : { path }) });
    useRunInspectorStore.getState().started(runId);
  } catch (error) {
    useRunInspectorStore.getState().failedToStart(describeError(error));
    shell.notify('error', `The run did not start: ${describeError(error)}`);
  }
}

export async function cancelRun(): Promise<void> {
  const { runId } = useRunInspectorStore.getState();
  if (runId === null) {
    return;
  }
  try {
    await api().cancelRun({ runId });
  } catch (error) {
    useShellStore.getState().notify('error', `Cannot cancel run ${runId}: ${describeError(error)}`);
  }
}

/**
 * Follows the newest run the host is still running from the flow file at `path`, as if this page
 * had started it: a reload during a run keeps its live counts and its Cancel button.
 */
export async function resumeActiveRun(path: string): Promise<void> {
  try {
    const { runs } = await api().listActiveRuns({ path });
    const run = runs.at(-1);
    if (run === undefined || useDocumentStore.getState().path !== path || useRunInspectorStore.getState().status !== null) {
      return;
    }
    useRunInspectorStore.getState().resumed(run.id, Date.parse(run.startedAt));
    useShellStore.getState().setBottomTab('run');
    // Read after following the run, so a run.finished event between the two calls is not missed.
    const current = await api().getRun({ runId: run.id });
    const inspector = useRunInspectorStore.getState();
    inspector.applyStoredSteps(run.id, current.steps);
    if (current.run.status !== 'RUNNING' && current.run.status !== 'QUEUED') {
      inspector.finished(run.id, current.run.status, current.run.error);
      await loadDeadLetters(run.id);
    }
  } catch (error) {
    useShellStore.getState().notify('error', `Could not list the runs still going: ${describeError(error)}`);
  }
}

/** Loads the record samples of a node of the inspected run, per port. */
export async function previewNode(nodeId: string | null): Promise<void> {
  const inspector = useRunInspectorStore.getState();
  inspector.previewRequested(nodeId);
  if (nodeId === null || inspector.runId === null) {
    return;
  }
  try {
    const { samples } = await api().getStepSamples({ runId: inspector.runId, nodeId });
    useRunInspectorStore.getState().setPreview(nodeId, samples);
  } catch {
    useRunInspectorStore.getState().setPreview(nodeId, {});
  }
}

/** Loads the dead letters of the run in the run panel again, as a replay closes some of them. */
export async function reloadInspectedDeadLetters(): Promise<void> {
  const { runId } = useRunInspectorStore.getState();
  if (runId !== null) {
    await loadDeadLetters(runId);
  }
}

async function loadDeadLetters(runId: number): Promise<void> {
  try {
    const { deadLetters } = await api().listDeadLetters({ runId, includeResolved: true, limit: DEAD_LETTER_PREVIEW_LIMIT });
    useRunInspectorStore.getState().setDeadLetters(runId, deadLetters);
  } catch (error) {
    useShellStore.getState().notify('error', `Dead letters of run ${runId} could not be loaded: ${describeError(error)}`);
  }
}

function handleRunEvent(event: RunEventMessage): void {
  const inspector = useRunInspectorStore.getState();
  switch (event.type) {
    case 'run.started':
      // The event can arrive before startRun's response, and a run this page is starting is ours.
      if (inspector.status === 'STARTING' && inspector.runId === null) {
        inspector.started(event.runId);
      }
      break;
    case 'steps.updated':
      inspector.applySteps(event.runId, event.steps);
      break;
    case 'run.finished':
      inspector.finished(event.runId, event.status, event.error);
      if (inspector.runId === event.runId) {
        void loadDeadLetters(event.runId);
        const previewed = useRunInspectorStore.getState().previewNodeId;
        if (previewed !== null) {
          void previewNode(previewed);
        }
      }
      void refreshRunsIfShown();
      void refreshApprovalsIfShown();
      break;
  }
}

/** Subscribes to run events for the life of the page. */
export function startRunEvents(): () => void {
  return api().onRunEvent(handleRunEvent);
}
