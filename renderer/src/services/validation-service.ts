/**
 * Validates the document while it is drawn: a short while after the last edit, the host checks it
 * as `flowmason validate` would, and the problems and each node's ports go to the validation store.
 * Results that arrive after a newer edit are dropped.
 */
import { api, describeError } from '../api/api.js';
import { useDocumentStore } from '../stores/document-store.js';
import { useValidationStore } from '../stores/validation-store.js';

/** Quiet time after an edit before the host is asked, in milliseconds. */
export const VALIDATION_DELAY_MS = 250;

let timer: number | undefined;

/** Validates the present document now and resolves when its result is in the store. */
export async function validateNow(): Promise<void> {
  window.clearTimeout(timer);
  const { history, revision, path } = useDocumentStore.getState();
  useValidationStore.getState().setChecking();
  try {
    const result = await api().validateFlow({ flow: history.present, ...(path === null ? {} : { path }) });
    if (useDocumentStore.getState().revision === revision) {
      useValidationStore.getState().setResult(revision, result.problems, result.outputs);
    }
  } catch (error) {
    useValidationStore.getState().setFailure(`the flow could not be validated: ${describeError(error)}`);
  }
}

/** Starts validating after every change of the document; returns the function that stops it. */
export function startValidation(): () => void {
  const schedule = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void validateNow(), VALIDATION_DELAY_MS);
  };
  const unsubscribe = useDocumentStore.subscribe((state, previous) => {
    if (state.history.present !== previous.history.present || state.path !== previous.path) {
      schedule();
    }
  });
  schedule();
  return () => {
    window.clearTimeout(timer);
    unsubscribe();
  };
}
