/**
 * `npm run crash-trials -- [--trials 50] [--records 100000] [--seed 1] [--concurrency 2] [--keep-failed]`:
 * the crash trials at full size, with a line per trial and a summary as JSON.
 */
import { parseArgs } from 'node:util';
import { runSeries, summarize } from './crash-trials.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    records: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '2' },
    'batch-size': { type: 'string' },
    'keep-failed': { type: 'boolean', default: false },
  },
});

const started = Date.now();
const series = await runSeries({
  trials: Number(values.trials),
  records: Number(values.records),
  seed: Number(values.seed),
  concurrency: Number(values.concurrency),
  keepFailed: values['keep-failed'],
  ...(values['batch-size'] === undefined ? {} : { batchSize: Number(values['batch-size']) }),
  onTrial: (trial) => {
    const verdict = trial.problems.length === 0 ? 'ok' : `FAILED: ${trial.problems.slice(0, 3).join('; ')}`;
    process.stdout.write(
      `seed ${trial.seed}: ${trial.kills.length} kills (${trial.kills.join(', ') || '-'}), ${trial.processes} processes, ` +
        `${trial.effectsOfInterruptedRuns} files delivered by killed runs, ` +
        `effects at start-up confirmed ${trial.recoveredEffects.confirmed} discarded ${trial.recoveredEffects.discarded}, ` +
        `${trial.items} items, ${trial.exceptions} exceptions, ${trial.deadLetters} dead letters: ${verdict}\n`,
    );
  },
});
process.stdout.write(`${JSON.stringify({ ...summarize(series), elapsedMs: Date.now() - started }, null, 2)}\n`);
process.exitCode = series.trials.some((trial) => trial.problems.length > 0) ? 1 : 0;
