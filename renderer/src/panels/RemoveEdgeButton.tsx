/** The "Remove edge" action beside a problem about an edge, for edges the canvas cannot draw. */
import type { FlowProblemInfo } from '../../../engine/api/index.js';
import { edgeLabel, edgeOfProblem, removeEdgeOfProblem } from '../services/edit-service.js';
import { useDocumentStore, type DocumentState } from '../stores/document-store.js';
import { useValidationStore, type ValidationState } from '../stores/validation-store.js';

const selectDocumentRevision = (state: DocumentState) => state.revision;
const selectValidationRevision = (state: ValidationState) => state.revision;

export function RemoveEdgeButton({ problem }: { problem: FlowProblemInfo }) {
  // Both revisions are read so the button hides while the problems are older than the document.
  useDocumentStore(selectDocumentRevision);
  useValidationStore(selectValidationRevision);
  const edge = edgeOfProblem(problem);
  if (edge === null) {
    return null;
  }
  const label = edgeLabel(edge);
  return (
    <button
      type="button"
      className="fm-button fm-button--small fm-remove-edge"
      aria-label={`Remove edge ${label}`}
      title={`Remove edge ${label} from the flow; Undo brings it back`}
      onClick={() => removeEdgeOfProblem(problem)}
      data-testid={`remove-edge-${problem.edgeIndex}`}
    >
      Remove edge
    </button>
  );
}
