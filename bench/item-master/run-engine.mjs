// Runs item-master.flow.json through the engine with run history on (a fresh SQLite file), as
// `flowmason run` does, `runs` times in a row on the same history (default 1). The first run
// writes every record to the ledger; later runs also look every record up in it, as a daily sync
// does. Prints one JSON line per run: records, seconds, peak RSS so far, run status.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadFlowFile, hasErrors, formatProblem } = await import(join(root, 'dist/engine/flow/load-flow.js'));
const { runFlow } = await import(join(root, 'dist/engine/runtime/run-flow.js'));
const { SqliteRunStore } = await import(join(root, 'dist/engine/store/sqlite-run-store.js'));
const { createNodeRegistry } = await import(join(root, 'dist/nodes/index.js'));

const [input, outputDir, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? '1');
mkdirSync(outputDir, { recursive: true });
const flowPath = join(dirname(fileURLToPath(import.meta.url)), 'item-master.flow.json');
const registry = createNodeRegistry();
const loaded = await loadFlowFile(flowPath, registry);
if (hasErrors(loaded.problems)) {
  throw new Error(loaded.problems.map((problem) => formatProblem(problem)).join('\n'));
}
const databasePath = join(outputDir, 'history.db');
rmSync(databasePath, { force: true });
const store = new SqliteRunStore(databasePath);
for (let runIndex = 0; runIndex < runs; runIndex++) {
  const started = performance.now();
  const result = await runFlow({
    flow: loaded.flow,
    registry,
    store,
    flowDir: dirname(flowPath),
    ...(process.env.BENCH_BATCH_SIZE === undefined ? {} : { batchSize: Number(process.env.BENCH_BATCH_SIZE) }),
    params: {
      input,
      catalogFile: join(outputDir, 'catalog.jsonl'),
      wmsFile: join(outputDir, 'wms-items.csv'),
      exceptionsFile: join(outputDir, 'exceptions.jsonl'),
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const records = result.steps.find((step) => step.nodeId === 'read').outputs.out;
  process.stdout.write(`${JSON.stringify({ records, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, status: result.status })}\n`);
}
await store.close();
