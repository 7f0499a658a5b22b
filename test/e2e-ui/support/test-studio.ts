/**
 * Web mode for the UI tests: the real engine host and HTTP server on 127.0.0.1 with the product's
 * node kinds, a temporary workspace and a temporary history file.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineHost } from '../../../engine/host/engine-host.js';
import { startStudioServer, type StudioServer } from '../../../engine/host/http-server.js';
import { silentLogger } from '../../../engine/logger.js';
import { SqliteRunStore } from '../../../engine/store/sqlite-run-store.js';
import { previewSourceNode } from '../../../nodes/file-preview/preview-node.js';
import { createNodeRegistry } from '../../../nodes/index.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

export interface TestStudio {
  server: StudioServer;
  host: EngineHost;
  workspace: string;
  folder: string;
  close(): Promise<void>;
}

export async function startTestStudio(options: { batchSize?: number } = {}): Promise<TestStudio> {
  const folder = await mkdtemp(join(tmpdir(), 'flowmason-studio-'));
  const workspace = join(folder, 'workspace');
  await mkdir(workspace);
  const store = new SqliteRunStore(join(folder, 'history.db'));
  const host = new EngineHost({
    workspace,
    registry: createNodeRegistry(),
    store,
    logger: silentLogger,
    sourcePreviewer: previewSourceNode,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  const server = await startStudioServer({ api: host, rendererDir: RENDERER_DIR });
  return {
    server,
    host,
    workspace,
    folder,
    async close() {
      await server.close();
      await host.close();
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
