/**
 * Web mode for the UI tests: the real engine host and HTTP server on 127.0.0.1, with a temporary
 * workspace and history file, and the designer test node kinds registered next to the product's.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeRegistry } from '../../../engine/flow/node-registry.js';
import { EngineHost } from '../../../engine/host/engine-host.js';
import { startStudioServer, type StudioServer } from '../../../engine/host/http-server.js';
import { silentLogger } from '../../../engine/logger.js';
import { SqliteRunStore } from '../../../engine/store/sqlite-run-store.js';
import { NODE_KINDS } from '../../../nodes/index.js';
import { DESIGNER_TEST_KINDS } from '../../support/designer-node-kinds.js';

export const RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));

export interface TestStudio {
  server: StudioServer;
  host: EngineHost;
  workspace: string;
  folder: string;
  close(): Promise<void>;
}

/** The product's node kinds plus the test kinds, skipping a test kind whose type the product already has. */
export function createStudioRegistry(): NodeRegistry {
  const types = new Set(NODE_KINDS.map((kind) => kind.type));
  return new NodeRegistry([...NODE_KINDS, ...DESIGNER_TEST_KINDS.filter((kind) => !types.has(kind.type))]);
}

export async function startTestStudio(options: { batchSize?: number } = {}): Promise<TestStudio> {
  const folder = await mkdtemp(join(tmpdir(), 'flowmason-studio-'));
  const workspace = join(folder, 'workspace');
  await mkdir(workspace);
  const store = new SqliteRunStore(join(folder, 'history.db'));
  const host = new EngineHost({ workspace, registry: createStudioRegistry(), store, logger: silentLogger, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
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
