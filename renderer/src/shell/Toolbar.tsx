/** The top bar: file commands, undo and redo, the flow's name and state, run controls and the view switch. */
import { useShallow } from 'zustand/react/shallow';
import { runCommand } from '../services/commands.js';
import { selectCanRedo, selectCanUndo, selectDirty, selectDocument, useDocumentStore, type DocumentState } from '../stores/document-store.js';
import { isRunActive, useRunInspectorStore } from '../stores/run-inspector-store.js';
import { useShellStore, type ShellState } from '../stores/shell-store.js';
import { useProblemCounts } from '../stores/flow-problems.js';
import { useValidationStore, type ValidationState } from '../stores/validation-store.js';

const selectFile = (state: DocumentState) => ({ name: selectDocument(state).name, path: state.path, dirty: selectDirty(state), canUndo: selectCanUndo(state), canRedo: selectCanRedo(state) });
// Before the first check the flow is not known to be ready, so it shows as being checked.
const selectValidation = (state: ValidationState) => ({ checking: state.checking || state.revision === -1, failure: state.failure });
const selectView = (state: ShellState) => state.view;

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

function ToolButton({ label, shortcut, onClick, disabled = false, testId, primary = false }: { label: string; shortcut?: string; onClick: () => void; disabled?: boolean; testId: string; primary?: boolean }) {
  return (
    <button type="button" className={`fm-button ${primary ? 'fm-button--primary' : 'fm-button--quiet'}`} onClick={onClick} disabled={disabled} title={shortcut === undefined ? label : `${label} (${shortcut})`} data-testid={testId}>
      {label}
    </button>
  );
}

export function Toolbar() {
  const view = useShellStore(selectView);

  return (
    <header className="fm-toolbar">
      <div className="fm-brand">
        <span className="fm-brand__mark" aria-hidden="true" />
        Flowmason
      </div>
      <nav className="fm-views" aria-label="Views">
        <button type="button" className={`fm-view ${view === 'designer' ? 'is-active' : ''}`} onClick={() => runCommand('view.designer')} data-testid="view-designer">
          Designer
        </button>
        <button type="button" className={`fm-view ${view === 'runs' ? 'is-active' : ''}`} onClick={() => runCommand('view.runs')} data-testid="view-runs">
          Runs
        </button>
        <button type="button" className={`fm-view ${view === 'approvals' ? 'is-active' : ''}`} onClick={() => runCommand('view.approvals')} data-testid="view-approvals">
          Approvals
        </button>
      </nav>
      {view === 'designer' ? <DesignerTools /> : <div className="fm-toolbar__title" />}
    </header>
  );
}

/** The toolbar's designer half: file and edit commands, the flow's name and state, and Run. Other views have no use for it. */
function DesignerTools() {
  const file = useDocumentStore(useShallow(selectFile));
  const validation = { ...useValidationStore(useShallow(selectValidation)), ...useProblemCounts() };
  const running = useRunInspectorStore(isRunActive);

  let state: { text: string; tone: string };
  if (running) {
    state = { text: 'running', tone: 'ok' };
  } else if (validation.failure !== null) {
    state = { text: 'not checked', tone: 'warning' };
  } else if (validation.errors > 0) {
    state = { text: `${validation.errors} error${validation.errors === 1 ? '' : 's'}`, tone: 'error' };
  } else if (validation.warnings > 0) {
    state = { text: `ready · ${validation.warnings} warning${validation.warnings === 1 ? '' : 's'}`, tone: 'warning' };
  } else {
    state = { text: 'ready to run', tone: 'ok' };
  }

  return (
    <>
      <div className="fm-toolbar__group">
        <ToolButton label="New" onClick={() => runCommand('file.new')} testId="file-new" />
        <ToolButton label="Open" shortcut={`${mod}O`} onClick={() => runCommand('file.open')} testId="file-open" />
        <ToolButton label="Save" shortcut={`${mod}S`} onClick={() => runCommand('file.save')} testId="file-save" />
        <ToolButton label="Save as" shortcut={`${mod}Shift+S`} onClick={() => runCommand('file.saveAs')} testId="file-save-as" />
      </div>
      <div className="fm-toolbar__group">
        <ToolButton label="Undo" shortcut={`${mod}Z`} onClick={() => runCommand('edit.undo')} disabled={!file.canUndo} testId="edit-undo" />
        <ToolButton label="Redo" shortcut={`${mod}Y`} onClick={() => runCommand('edit.redo')} disabled={!file.canRedo} testId="edit-redo" />
        <ToolButton label="Fit" onClick={() => runCommand('view.fit')} testId="view-fit" />
      </div>
      <div className="fm-toolbar__title" title={file.path ?? 'not saved yet'}>
        <span className="fm-toolbar__name" data-testid="flow-title">
          {file.name || 'Untitled flow'}
        </span>
        {file.dirty && (
          <span className="fm-dirty" title="Unsaved changes" data-testid="dirty-marker">
            ●
          </span>
        )}
        <span className="fm-muted fm-small fm-toolbar__path">{file.path ?? 'not saved'}</span>
      </div>
      <span className={`fm-state fm-state--${state.tone}`} data-testid="validation-state">
        {validation.checking ? 'checking…' : state.text}
      </span>
      <div className="fm-toolbar__group">
        {running ? (
          <ToolButton label="Cancel run" onClick={() => runCommand('run.cancel')} testId="toolbar-cancel" />
        ) : (
          <ToolButton label="Run" shortcut={`${mod}Enter`} onClick={() => runCommand('run.start')} disabled={validation.errors > 0} testId="toolbar-run" primary />
        )}
      </div>
    </>
  );
}
