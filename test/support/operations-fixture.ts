/**
 * A temporary folder with a run history, a flow file and its input, for tests of rerun, replay
 * and approvals at the library level.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowDocument } from '../../engine/flow/flow-schema.js';
import { NodeRegistry } from '../../engine/flow/node-registry.js';
import { serializeFlow } from '../../engine/flow/write-flow.js';
import { runFlow, type RunResult } from '../../engine/runtime/run-flow.js';
import { SqliteRunStore } from '../../engine/store/sqlite-run-store.js';
import type { OperationContext } from '../../engine/operations/continue-run.js';
import { approveNode } from '../../nodes/approve/approve.node.js';
import { DELIVERY_TEST_KINDS } from './delivery-kinds.js';
import { TEST_KINDS } from './test-kinds.js';

export class OperationsFixture {
  readonly folder = mkdtempSync(join(tmpdir(), 'flowmason-operations-'));
  readonly store = new SqliteRunStore(join(this.folder, 'history.db'));
  readonly registry = new NodeRegistry([...TEST_KINDS, ...DELIVERY_TEST_KINDS, approveNode]);
  readonly flowPath = join(this.folder, 'items.flow.json');

  get context(): OperationContext {
    return { store: this.store, registry: this.registry };
  }

  /** Writes the flow file that runs are started from and that `current` versions are read from. */
  saveFlow(flow: FlowDocument): void {
    writeFileSync(this.flowPath, serializeFlow(flow));
  }

  writeFile(name: string, text: string): void {
    writeFileSync(join(this.folder, name), text);
  }

  writeRows(name: string, rows: readonly Record<string, unknown>[]): void {
    this.writeFile(name, rows.map((row) => JSON.stringify(row)).join('\n'));
  }

  /** Runs the flow file as `flowmason run` would. */
  async run(flow: FlowDocument): Promise<RunResult> {
    this.saveFlow(flow);
    return runFlow({ flow, registry: this.registry, store: this.store, flowDir: this.folder, flowPath: this.flowPath, batchSize: 3 });
  }

  /** Keys in every file of `out/`, file by file. */
  outputs(folder = 'out'): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const name of readdirSync(join(this.folder, folder)).sort()) {
      result[name] = readFileSync(join(this.folder, folder, name), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { key: string }).key);
    }
    return result;
  }

  async close(): Promise<void> {
    await this.store.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
