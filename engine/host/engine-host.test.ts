import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeFlow } from '../flow/write-flow.js';
import { silentLogger } from '../logger.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import type { RunEventMessage } from '../api/index.js';
import { dispatchApiCall } from '../api/api-validation.js';
import { createDesignerTestRegistry } from '../../test/support/designer-node-kinds.js';
import { itemFlow } from '../../test/support/sample-flows.js';
import { EngineHost } from './engine-host.js';

let folder: string;
let store: SqliteRunStore;
let host: EngineHost;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-host-'));
  store = new SqliteRunStore(join(folder, 'history.db'));
  host = new EngineHost({ workspace: join(folder, 'flows'), registry: createDesignerTestRegistry(), store, logger: silentLogger });
  await import('node:fs/promises').then((fs) => fs.mkdir(join(folder, 'flows'), { recursive: true }));
});

afterEach(async () => {
  await host.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

function waitForFinish(runId: number): Promise<RunEventMessage[]> {
  const events: RunEventMessage[] = [];
  return new Promise((resolve) => {
    const unsubscribe = host.onRunEvent((event) => {
      if (event.runId !== runId) {
        return;
      }
      events.push(event);
      if (event.type === 'run.finished') {
        unsubscribe();
        resolve(events);
      }
    });
  });
}

describe('engine host node kinds', () => {
  it('lists kinds with schema, defaults and ports', async () => {
    const { kinds } = await host.listNodeKinds({});
    const validate = kinds.find((kind) => kind.type === 'test.validate');
    expect(validate).toMatchObject({ category: 'validate', hasInput: true, defaultOutputs: ['out', 'invalid', 'error'] });
    expect(validate?.configSchema).toMatchObject({ type: 'object', properties: { schema: { 'x-editor': 'json-schema' } } });
  });

  it('computes output ports for a config', async () => {
    const { ports } = await host.getNodeOutputs({ type: 'test.route', config: { routes: [{ name: 'food', condition: 'true' }] } });
    expect(ports).toEqual(['food', 'unmatched', 'error']);
  });

  it('rejects an unknown node type by name', async () => {
    await expect(host.getNodeOutputs({ type: 'nope', config: {} })).rejects.toThrow("unknown node type 'nope'");
  });
});

describe('engine host flows', () => {
  it('saves the canonical text and lists the file', async () => {
    const flow = itemFlow();
    const saved = await host.saveFlow({ path: 'items/item-sync.flow.json', flow });
    expect(saved).toEqual({ path: 'items/item-sync.flow.json', problems: [] });
    expect(await readFile(join(folder, 'flows/items/item-sync.flow.json'), 'utf8')).toBe(serializeFlow(flow));
    const { flows } = await host.listFlows({});
    expect(flows.map((file) => [file.path, file.id, file.name])).toEqual([['items/item-sync.flow.json', 'item-sync', 'Item sync']]);
  });

  it('refuses to replace a file when createOnly is set', async () => {
    await host.saveFlow({ path: 'a.flow.json', flow: itemFlow() });
    await expect(host.saveFlow({ path: 'a.flow.json', flow: itemFlow(), createOnly: true })).rejects.toThrow('flow file a.flow.json already exists; choose another name');
  });

  it('opens a broken file with its text and problems', async () => {
    const text = '{\n  "formatVersion": 1,\n  "id": "x",\n';
    await writeFile(join(folder, 'flows/broken.flow.json'), text);
    const opened = await host.openFlow({ path: 'broken.flow.json' });
    expect(opened.flow).toBeNull();
    expect(opened.text).toBe(text);
    expect(opened.problems[0]?.message).toMatch(/^invalid JSON at line 4 column 1/);
  });

  it('rejects paths outside the workspace', async () => {
    await expect(host.openFlow({ path: '../escape.flow.json' })).rejects.toThrow("path '../escape.flow.json' is outside the workspace");
  });

  it('validates by node id and field', async () => {
    const flow = itemFlow();
    const map = flow.nodes[1]!;
    map.config = { fields: [{ target: 'name', expression: '$uppercase(' }], keepOtherFields: true };
    const result = await host.validateFlow({ flow });
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'error', nodeId: 'map-1', field: 'config.fields.0.expression', message: expect.stringContaining('invalid JSONata') as unknown }),
    ]);
    expect(result.outputs['validate-1']).toEqual(['out', 'invalid', 'error']);
  });
});

describe('engine host parameter files', () => {
  it('lists parameter files of the workspace', async () => {
    await import('node:fs/promises').then((fs) => fs.mkdir(join(folder, 'flows/items'), { recursive: true }));
    await writeFile(join(folder, 'flows/items/erp.params.json'), '{}');
    await writeFile(join(folder, 'flows/notes.json'), '{}');
    expect(await host.listParameterFiles({})).toEqual({ files: ['items/erp.params.json'] });
  });

  it('reads values for a flow, paths resolved beside the file', async () => {
    await import('node:fs/promises').then((fs) => fs.mkdir(join(folder, 'flows/items'), { recursive: true }));
    await writeFile(join(folder, 'flows/items/erp.params.json'), JSON.stringify({ output: 'out/erp.jsonl', region: 'EU' }));
    const read = await host.readParameterFile({ path: 'items/erp.params.json', flow: itemFlow() });
    expect(read).toEqual({ path: 'items/erp.params.json', values: { output: join(folder, 'flows/items/out/erp.jsonl') }, undeclared: ['region'] });
  });

  it('rejects a file that is not a parameter file', async () => {
    await expect(host.readParameterFile({ path: 'item-sync.flow.json', flow: itemFlow() })).rejects.toThrow("path 'item-sync.flow.json' must end in .params.json");
  });
});

describe('engine host runs', () => {
  it('runs a flow and reports events, steps, samples', async () => {
    await host.saveFlow({ path: 'item-sync.flow.json', flow: itemFlow(12) });
    const { runId } = await host.startRun({ flow: itemFlow(12), path: 'item-sync.flow.json' });
    const events = await waitForFinish(runId);
    expect(events.at(-1)).toEqual({ type: 'run.finished', runId, status: 'COMPLETED', error: null });

    const { run, steps } = await host.getRun({ runId });
    expect(run.flowPath).toBe(join(folder, 'flows/item-sync.flow.json'));
    expect(steps.find((step) => step.nodeId === 'validate-1')?.outputs).toEqual({ out: 9, invalid: 3, error: 0 });

    const { samples } = await host.getStepSamples({ runId, nodeId: 'validate-1' });
    expect(Object.keys(samples).sort()).toEqual(['invalid', 'out']);
    expect(samples.invalid?.[0]?.errors?.[0]).toMatchObject({ rule: 'minLength' });
    const written = await readFile(join(folder, 'flows/out/items.jsonl'), 'utf8');
    expect(written.trim().split('\n')).toHaveLength(9);
  });

  it('lists dead letters of failed records', async () => {
    const flow = itemFlow(5);
    flow.nodes[1]!.config = { fields: [{ target: 'price', expression: '$error("no price")' }], keepOtherFields: true };
    const { runId } = await host.startRun({ flow });
    const events = await waitForFinish(runId);
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS' });
    const { deadLetters } = await host.listDeadLetters({ runId });
    expect(deadLetters).toHaveLength(5);
    expect(deadLetters[0]).toMatchObject({ nodeId: 'map-1', recordKey: 'SKU-00001', errorKind: 'input', errorMessage: "mapping failed: expression '$error(\"no price\")' failed at column 7: no price" });
  });

  it('refuses to run a flow with errors', async () => {
    const flow = itemFlow();
    flow.edges.push({ from: { node: 'map-1', port: 'nope' }, to: { node: 'write-1', port: 'in' } });
    await expect(host.startRun({ flow })).rejects.toThrow(/^flow 'item-sync' has 1 error and cannot run; the first: node 'map-1' field 'from.port': edge map-1.nope -> write-1.in/);
  });

  it('refuses parameter values a node rejects before the run exists', async () => {
    const flow = itemFlow();
    flow.parameters = { ...flow.parameters, count: { type: 'number', default: 3 } };
    flow.nodes[0]!.config = { count: { $param: 'count' }, missingUomEvery: 0 };
    await expect(host.startRun({ flow, params: { count: -2 } })).rejects.toThrow(/^flow 'item-sync' has 1 error and cannot run; the first: node 'generate-1' field 'config.count': must be >= 0/);
    await expect(host.startRun({ flow, params: { count: 'many' } })).rejects.toThrow("parameter 'count' must be a number; got 'many'");
    expect((await host.listRuns({})).runs).toEqual([]);
  });

  it('cancels a running run', async () => {
    const { runId } = await host.startRun({ flow: itemFlow(5_000_000) });
    const finished = waitForFinish(runId);
    expect(await host.cancelRun({ runId })).toEqual({ cancelled: true });
    expect((await finished).at(-1)).toMatchObject({ type: 'run.finished', status: 'CANCELLED' });
    expect(await host.cancelRun({ runId })).toEqual({ cancelled: false });
  });

  it('lists active runs by flow file', async () => {
    await host.saveFlow({ path: 'item-sync.flow.json', flow: itemFlow(5_000_000) });
    const { runId } = await host.startRun({ flow: itemFlow(5_000_000), path: 'item-sync.flow.json' });
    const finished = waitForFinish(runId);

    const active = await host.listActiveRuns({ path: 'item-sync.flow.json' });
    expect(active.runs.map((run) => ({ id: run.id, status: run.status }))).toEqual([{ id: runId, status: 'RUNNING' }]);
    expect((await host.listActiveRuns({})).runs.map((run) => run.id)).toEqual([runId]);
    expect((await host.listActiveRuns({ path: 'other.flow.json' })).runs).toEqual([]);

    await host.cancelRun({ runId });
    await finished;
    expect((await host.listActiveRuns({ path: 'item-sync.flow.json' })).runs).toEqual([]);
  });
});

describe('dispatchApiCall', () => {
  it('rejects an unknown method', async () => {
    await expect(dispatchApiCall(host, 'deleteEverything', {})).rejects.toThrow('unknown API method "deleteEverything"');
  });

  it('rejects a request that breaks the schema', async () => {
    await expect(dispatchApiCall(host, 'getRun', { runId: 'one' })).rejects.toThrow("invalid getRun request: field 'runId': Expected integer");
  });

  it('passes a valid request through', async () => {
    await expect(dispatchApiCall(host, 'listRuns', {})).resolves.toEqual({ runs: [] });
  });
});
