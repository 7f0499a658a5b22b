// The UI tests: the designer in Chromium against web mode started by each test file. They need
// the built renderer (`npm run build`), and run one file at a time because each drives a browser.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e-ui/**/*.ui.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
