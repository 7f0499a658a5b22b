/** Entry point of the designer page: connects the API (Electron bridge or web mode) and renders the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/canvas.css';
import './styles/inspector.css';
import './styles/panels.css';
import { connectApi } from './api/api.js';
import { App } from './shell/App.js';

connectApi();

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
