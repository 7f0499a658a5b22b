// Builds the designer into dist/renderer. `base: './'` makes every asset URL relative, so the
// same build loads from file:// in Electron and from the web-mode server.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    // Monaco alone is several megabytes; it is loaded from disk, never over a network.
    chunkSizeWarningLimit: 6000,
  },
  worker: { format: 'es' },
});
