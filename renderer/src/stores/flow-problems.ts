/**
 * The flow's problems as the designer shows them: what the host found when it last validated the
 * document, joined with the config drafts that are not valid JSON. The hooks read both stores for
 * a component; neither store reads the other.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FlowProblemInfo } from '../../../engine/api/index.js';
import { draftProblems, useConfigDraftsStore, type ConfigDraftsState } from './config-drafts-store.js';
import { selectDocument, useDocumentStore, type DocumentState } from './document-store.js';
import { useValidationStore, type ValidationState } from './validation-store.js';

const selectDrafts = (state: ConfigDraftsState) => state.drafts;
const selectNodeIds = (state: DocumentState) => selectDocument(state).nodes.map((node) => node.id);
const selectCounts = (state: ValidationState) => ({ errors: state.errorCount, warnings: state.warningCount });

/** Errors for the drafts of nodes that are still in the flow. */
export function useDraftProblems(): readonly FlowProblemInfo[] {
  const drafts = useConfigDraftsStore(selectDrafts);
  const nodeIds = useDocumentStore(useShallow(selectNodeIds));
  return useMemo(() => draftProblems(drafts, new Set(nodeIds)), [drafts, nodeIds]);
}

/** Errors and warnings of the flow, drafts included. */
export function useProblemCounts(): { errors: number; warnings: number } {
  const counts = useValidationStore(useShallow(selectCounts));
  const drafts = useDraftProblems();
  return { errors: counts.errors + drafts.length, warnings: counts.warnings };
}
