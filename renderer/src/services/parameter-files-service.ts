/** Lists and loads parameter files (`*.params.json`) into the run panel's values for the open flow. */
import { api, describeError } from '../api/api.js';
import { selectFlowKey, useDocumentStore } from '../stores/document-store.js';
import { useRunParametersStore, valuesOfFlow } from '../stores/run-parameters-store.js';
import { useShellStore } from '../stores/shell-store.js';

/** Returns the parameter files the host can read for the open flow; an empty list when it cannot list them. */
export async function listParameterFiles(): Promise<string[]> {
  const { path } = useDocumentStore.getState();
  try {
    const { files } = await api().listParameterFiles(path === null ? {} : { flowPath: path });
    return files;
  } catch (error) {
    useShellStore.getState().notify('error', `Parameter files could not be listed: ${describeError(error)}`);
    return [];
  }
}

/**
 * Reads a parameter file and puts its values in the run panel for the open flow. Parameters the
 * file does not name keep what was typed; names the flow does not declare are reported.
 */
export async function loadParameterFile(path: string): Promise<void> {
  const documentState = useDocumentStore.getState();
  const flowKey = selectFlowKey(documentState);
  try {
    const read = await api().readParameterFile({ path, flow: documentState.history.present });
    const typed = valuesOfFlow(useRunParametersStore.getState(), flowKey);
    const loaded = Object.fromEntries(Object.entries(read.values).map(([name, value]) => [name, String(value)]));
    useRunParametersStore.getState().setValues(flowKey, { ...typed, ...loaded });
    const count = Object.keys(loaded).length;
    const ignored = read.undeclared.length === 0 ? '' : `; the flow declares no ${read.undeclared.join(', ')}, so ${read.undeclared.length === 1 ? 'it was' : 'they were'} left out`;
    useShellStore.getState().notify('info', `Loaded ${count} value${count === 1 ? '' : 's'} from ${read.path}${ignored}`);
  } catch (error) {
    useShellStore.getState().notify('error', `Cannot load ${path}: ${describeError(error)}`);
  }
}
