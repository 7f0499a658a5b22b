/** The designer's own dialogs: open and save as (web mode), unsaved changes, and a file that is not a readable flow. */
import { useState } from 'react';
import { finishSaveAs, openFlow } from '../services/file-service.js';
import { useShellStore, type Dialog, type ShellState } from '../stores/shell-store.js';
import { formatTime } from '../canvas/format.js';

const selectDialog = (state: ShellState) => state.dialog;

function Modal({ title, children, onClose, wide = false }: { title: string; children: React.ReactNode; onClose: () => void; wide?: boolean }) {
  return (
    <div className="fm-modal" role="presentation" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className={`fm-modal__box ${wide ? 'fm-modal__box--wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
        <h2 className="fm-modal__title">{title}</h2>
        {children}
      </div>
    </div>
  );
}

function OpenDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'open' }> }) {
  const close = () => useShellStore.getState().closeDialog();
  return (
    <Modal title="Open a flow" onClose={close} wide>
      {dialog.workspace !== null && <p className="fm-muted fm-small">Flows in {dialog.workspace}</p>}
      {dialog.error !== null && <p className="fm-error-text">{dialog.error}</p>}
      {dialog.flows === null && <p className="fm-muted">Loading…</p>}
      {dialog.flows !== null && dialog.flows.length === 0 && dialog.error === null && <p className="fm-muted">No *.flow.json files in the workspace yet.</p>}
      {dialog.flows !== null && dialog.flows.length > 0 && (
        <ul className="fm-file-list" data-testid="open-list">
          {dialog.flows.map((file) => (
            <li key={file.path}>
              <button type="button" className="fm-file" onClick={() => void openFlow(file.path)} data-testid={`open-${file.path}`}>
                <span className="fm-file__name">{file.name ?? <em className="fm-error-text">not a readable flow</em>}</span>
                <span className="fm-mono fm-small">{file.path}</span>
                <span className="fm-muted fm-small">{formatTime(file.modifiedAt)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="fm-modal__actions">
        <button type="button" className="fm-button" onClick={close}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function SaveAsDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'save-as' }> }) {
  const [path, setPath] = useState(dialog.suggestedPath);
  return (
    <Modal title="Save flow as" onClose={() => void finishSaveAs(null)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void finishSaveAs(path.trim());
        }}
      >
        <label className="fm-label" htmlFor="save-as-path">
          File name in the workspace
        </label>
        <input id="save-as-path" className="fm-input fm-mono" value={path} onChange={(event) => setPath(event.target.value)} autoFocus data-testid="save-as-path" />
        <p className="fm-muted fm-small">Folders are created as needed; the name ends in .flow.json.</p>
        <div className="fm-modal__actions">
          <button type="button" className="fm-button" onClick={() => void finishSaveAs(null)}>
            Cancel
          </button>
          <button type="submit" className="fm-button fm-button--primary" disabled={path.trim() === ''} data-testid="save-as-confirm">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ConfirmDiscardDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'confirm-discard' }> }) {
  return (
    <Modal title="Unsaved changes" onClose={() => dialog.resolve('cancel')}>
      <p>The flow has changes that are not saved. Save them before you {dialog.action}?</p>
      <div className="fm-modal__actions">
        <button type="button" className="fm-button" onClick={() => dialog.resolve('cancel')}>
          Cancel
        </button>
        <button type="button" className="fm-button fm-button--danger" onClick={() => dialog.resolve('discard')} data-testid="discard-changes">
          Discard changes
        </button>
        <button type="button" className="fm-button fm-button--primary" onClick={() => dialog.resolve('save')} autoFocus>
          Save
        </button>
      </div>
    </Modal>
  );
}

function BrokenFileDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'broken-file' }> }) {
  const close = () => useShellStore.getState().closeDialog();
  return (
    <Modal title={`${dialog.path} cannot be opened as a flow`} onClose={close} wide>
      <p>The file was not changed. Fix it in a text editor, then open it again.</p>
      <ul className="fm-problems" data-testid="broken-file-problems">
        {dialog.problems.map((problem, index) => (
          <li key={index} className={`fm-problem fm-problem--${problem.severity}`}>
            <span className={`fm-severity fm-severity--${problem.severity}`}>{problem.severity}</span>
            {problem.field !== undefined && <span className="fm-problem__field fm-mono">{problem.field}</span>}
            <span className="fm-problem__message">{problem.message}</span>
          </li>
        ))}
      </ul>
      <pre className="fm-raw-text">{dialog.text}</pre>
      <div className="fm-modal__actions">
        <button type="button" className="fm-button fm-button--primary" onClick={close}>
          Close
        </button>
      </div>
    </Modal>
  );
}

export function Dialogs() {
  const dialog = useShellStore(selectDialog);
  switch (dialog?.kind) {
    case 'open':
      return <OpenDialog dialog={dialog} />;
    case 'save-as':
      return <SaveAsDialog dialog={dialog} />;
    case 'confirm-discard':
      return <ConfirmDiscardDialog dialog={dialog} />;
    case 'broken-file':
      return <BrokenFileDialog dialog={dialog} />;
    default:
      return null;
  }
}
