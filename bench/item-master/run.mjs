// The item-master benchmark: for each size, generates the input, then runs the hand-written
// script and the engine, each in its own process, and prints records per second and peak RSS.
// Usage: node bench/item-master/run.mjs [rows ...]   (default: 100000 1000000)
// Needs `npm run build` first. Inputs and outputs go to bench/results/ (not committed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateItems } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, '..', 'results', 'item-master');
mkdirSync(results, { recursive: true });
const sizes = process.argv.slice(2).map(Number);
const rows = [];

function runChild(script, input, outputDir, ...extra) {
  const output = execFileSync(process.execPath, [join(here, script), input, outputDir, ...extra], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

for (const size of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
  const input = join(results, `items-${size}.csv`);
  if (!existsSync(input)) {
    await generateItems(input, size);
  }
  const [handWritten] = runChild('hand-written.mjs', input, join(results, `hand-written-${size}`));
  const [engine, repeat] = runChild('run-engine.mjs', input, join(results, `engine-${size}`), '2');
  rows.push({ size, handWritten, engine, repeat });
  const rate = (run) => Math.round(run.records / run.seconds);
  process.stdout.write(
    `${size} rows: hand-written ${rate(handWritten)} records/s, ${handWritten.maxRssMb.toFixed(0)} MB; ` +
      `engine ${rate(engine)} records/s, ${engine.maxRssMb.toFixed(0)} MB (${engine.status}), ratio ${(rate(engine) / rate(handWritten)).toFixed(2)}; ` +
      `repeat run ${rate(repeat)} records/s, ${repeat.maxRssMb.toFixed(0)} MB, ratio ${(rate(repeat) / rate(handWritten)).toFixed(2)}\n`,
  );
}
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) };
writeFileSync(join(results, 'latest.json'), `${JSON.stringify({ machine, rows }, null, 2)}\n`);
