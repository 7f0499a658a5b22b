/** Asks the host for a source node's first records, with the run panel's values for the flow's parameters. */
import { api, describeError } from '../api/api.js';
import { selectFlowKey, useDocumentStore } from '../stores/document-store.js';
import { useRunParametersStore, valuesOfFlow } from '../stores/run-parameters-store.js';
import { useShellStore } from '../stores/shell-store.js';
import { useSourcePreviewStore } from '../stores/source-preview-store.js';
import { parameterValues } from './run-service.js';

export async function previewSourceNode(nodeId: string): Promise<void> {
  const documentState = useDocumentStore.getState();
  const flow = documentState.history.present;
  useSourcePreviewStore.getState().requested(nodeId);
  useShellStore.getState().setBottomTab('preview');
  try {
    const params = parameterValues(flow, valuesOfFlow(useRunParametersStore.getState(), selectFlowKey(documentState)));
    const preview = await api().previewSource({ flow, nodeId, params, ...(documentState.path === null ? {} : { path: documentState.path }) });
    useSourcePreviewStore.getState().setPreview(preview);
  } catch (error) {
    useSourcePreviewStore.getState().setError(nodeId, describeError(error));
  }
}
