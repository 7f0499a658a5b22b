import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../flow/flow-schema.js';
import { silentLogger } from '../logger.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { previewSourceNode } from '../../nodes/file-preview/preview-node.js';
import { createNodeRegistry } from '../../nodes/index.js';
import { EngineHost } from './engine-host.js';

let folder: string;
let store: SqliteRunStore;
let host: EngineHost;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-preview-host-'));
  await mkdir(join(folder, 'flows/data'), { recursive: true });
  await writeFile(join(folder, 'flows/data/items.csv'), 'sku;name\nA-1;Bolt\nA-2;Nut\n;Washer\n');
  store = new SqliteRunStore(join(folder, 'history.db'));
  host = new EngineHost({ workspace: join(folder, 'flows'), registry: createNodeRegistry(), store, logger: silentLogger, sourcePreviewer: previewSourceNode });
});

afterEach(async () => {
  await host.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

function readFlow(config: Record<string, unknown>): FlowDocument {
  return {
    formatVersion: 1,
    id: 'items',
    name: 'Items',
    parameters: { input: { type: 'path', default: 'data/missing.csv' } },
    nodes: [
      { id: 'read', type: 'csv.read', typeVersion: 1, name: 'Read', config, position: { x: 0, y: 0 } },
      { id: 'map', type: 'map', typeVersion: 1, name: 'Map', config: { fields: [{ target: 'sku', source: 'sku' }] }, position: { x: 300, y: 0 } },
    ],
    edges: [{ from: { node: 'read', port: 'out' }, to: { node: 'map', port: 'in' } }],
  };
}

describe('source preview', () => {
  it('shows the first records and the detected delimiter', async () => {
    const flow = readFlow({ path: { $param: 'input' }, keyColumn: 'sku' });
    const preview = await host.previewSource({ flow, nodeId: 'read', params: { input: 'data/items.csv' } });
    expect(preview.records).toEqual([
      { key: 'A-1', line: 2, data: { sku: 'A-1', name: 'Bolt' } },
      { key: 'A-2', line: 3, data: { sku: 'A-2', name: 'Nut' } },
    ]);
    expect(preview.errors).toEqual([{ message: expect.stringContaining("key column 'sku' is empty") as unknown, line: 4 }]);
    expect(preview.complete).toBe(true);
    expect(preview.file).toEqual({ path: join(folder, 'flows/data/items.csv'), format: 'csv', details: { encoding: 'utf-8', delimiter: ';' } });
  });

  it('detects the delimiter after skipped lines', async () => {
    await writeFile(join(folder, 'flows/data/export.csv'), 'EXPORT,2026-12-01\nsku;name\nA-1;Bolt\n');
    const preview = await host.previewSource({ flow: readFlow({ path: 'data/export.csv', skipLines: 1 }), nodeId: 'read' });
    expect(preview.records).toEqual([{ key: null, line: 3, data: { sku: 'A-1', name: 'Bolt' } }]);
    expect(preview.file?.details).toEqual({ encoding: 'utf-8', delimiter: ';' });
  });

  it('rejects a node that takes input', async () => {
    await expect(host.previewSource({ flow: readFlow({ path: 'data/items.csv' }), nodeId: 'map' })).rejects.toThrow(
      "node 'map' (map) takes its records from other nodes; preview a source node, or run the flow to see what this one sends",
    );
  });

  it('rejects a node whose settings have errors', async () => {
    await expect(host.previewSource({ flow: readFlow({ path: '' }), nodeId: 'read' })).rejects.toThrow(
      "node 'read' cannot be previewed until its settings are fixed: node 'read' field 'config.path': is empty; a value is required",
    );
  });
});
