/** The designer's layout: toolbar; palette, canvas and inspector; the bottom panel. The runs view and the approvals inbox replace the middle. */
import { ReactFlowProvider } from '@xyflow/react';
import { ApprovalsView } from '../approvals/ApprovalsView.js';
import { useEffect, type CSSProperties } from 'react';
import { FlowCanvas } from '../canvas/FlowCanvas.js';
import { Inspector } from '../inspector/Inspector.js';
import { BottomPanel } from '../panels/BottomPanel.js';
import { Palette } from '../palette/Palette.js';
import { RunsView } from '../runs/RunsView.js';
import { loadCatalog } from '../services/catalog-service.js';
import { startMenuCommands } from '../services/commands.js';
import { startClipboardEvents } from '../services/edit-service.js';
import { startDocumentStateSync } from '../services/file-service.js';
import { startKeyboardShortcuts } from '../services/keyboard-shortcuts.js';
import { startLayoutPersistence } from '../services/layout-service.js';
import { startRunEvents } from '../services/run-service.js';
import { startSessionRestore } from '../services/session-service.js';
import { startValidation } from '../services/validation-service.js';
import { useShellStore, type ShellState } from '../stores/shell-store.js';
import { Dialogs } from './Dialogs.js';
import { NoticeLine } from './NoticeLine.js';
import { Toolbar } from './Toolbar.js';

const selectView = (state: ShellState) => state.view;
const selectBottomHeight = (state: ShellState) => state.bottomHeight;
const selectInspectorWidth = (state: ShellState) => state.inspectorWidth;

export function App() {
  const view = useShellStore(selectView);
  const bottomHeight = useShellStore(selectBottomHeight);
  const inspectorWidth = useShellStore(selectInspectorWidth);
  useEffect(() => {
    void loadCatalog();
    const stops = [startLayoutPersistence(), startSessionRestore(), startValidation(), startRunEvents(), startKeyboardShortcuts(), startClipboardEvents(), startMenuCommands(), startDocumentStateSync()];
    return () => {
      for (const stop of stops) {
        stop();
      }
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="fm-app">
        <Toolbar />
        {view === 'designer' ? (
          <div className="fm-designer" style={{ '--fm-inspector-width': `${inspectorWidth}px` } as CSSProperties}>
            <Palette />
            <main className="fm-main" style={{ gridTemplateRows: `minmax(0, 1fr) ${bottomHeight}px` }}>
              <FlowCanvas />
              <BottomPanel />
            </main>
            <Inspector />
          </div>
        ) : view === 'runs' ? (
          <RunsView />
        ) : (
          <ApprovalsView />
        )}
        <Dialogs />
        <NoticeLine />
      </div>
    </ReactFlowProvider>
  );
}
