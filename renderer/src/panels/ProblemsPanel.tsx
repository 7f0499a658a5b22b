/**
 * Every problem of the flow: what the host found, and config text that is not valid JSON yet.
 * Clicking one selects its node and brings it into view. A problem about an edge offers to remove
 * the edge, because the canvas does not draw an edge whose node or port does not exist.
 */
import { fieldPathLabel } from './field-path.js';
import type { FlowProblemInfo } from '../../../engine/api/index.js';
import { selectDocument, useDocumentStore } from '../stores/document-store.js';
import { useDraftProblems } from '../stores/flow-problems.js';
import { useSelectionStore } from '../stores/selection-store.js';
import { useValidationStore, type ValidationState } from '../stores/validation-store.js';
import { RemoveEdgeButton } from './RemoveEdgeButton.js';

const selectProblems = (state: ValidationState) => state.problems;
const selectFailure = (state: ValidationState) => state.failure;
const selectUnchecked = (state: ValidationState) => state.revision === -1;

function location(problem: FlowProblemInfo, names: ReadonlyMap<string, string>): string {
  if (problem.nodeId !== undefined) {
    const name = names.get(problem.nodeId);
    return name !== undefined && name !== problem.nodeId ? `${name} (${problem.nodeId})` : problem.nodeId;
  }
  if (problem.edgeIndex !== undefined) {
    return `edge ${problem.edgeIndex + 1}`;
  }
  return 'flow';
}

export function ProblemsPanel() {
  const hostProblems = useValidationStore(selectProblems);
  const drafts = useDraftProblems();
  const problems = drafts.length === 0 ? hostProblems : [...drafts, ...hostProblems];
  const failure = useValidationStore(selectFailure);
  const unchecked = useValidationStore(selectUnchecked);
  const flow = useDocumentStore(selectDocument);
  const names = new Map(flow.nodes.map((node) => [node.id, node.name]));
  if (failure !== null) {
    return <p className="fm-error-text fm-empty">{failure}</p>;
  }
  if (problems.length === 0) {
    return <p className="fm-muted fm-empty">{unchecked ? 'Checking the flow…' : 'No problems. The flow can run.'}</p>;
  }
  return (
    <ul className="fm-problems" data-testid="problems">
      {problems.map((problem, index) => (
        <li key={index} className="fm-problems__item">
          <button
            type="button"
            className={`fm-problem fm-problem--${problem.severity}`}
            onClick={() => {
              if (problem.nodeId !== undefined && names.has(problem.nodeId)) {
                useSelectionStore.getState().requestFocus(problem.nodeId);
              }
            }}
          >
            <span className={`fm-severity fm-severity--${problem.severity}`}>{problem.severity}</span>
            <span className="fm-problem__where">{location(problem, names)}</span>
            {problem.field !== undefined && problem.field !== '' && <span className="fm-problem__field fm-mono" title={problem.field}>{fieldPathLabel(problem.field)}</span>}
            <span className="fm-problem__message">{problem.message}</span>
          </button>
          <RemoveEdgeButton problem={problem} />
        </li>
      ))}
    </ul>
  );
}
