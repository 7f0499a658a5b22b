/**
 * Twenty crash trials at a small size, in every `npm test`: each kills the CLI with SIGKILL at
 * random points, resumes with `flowmason rerun`, and checks that no row was lost or delivered
 * twice. `npm run crash-trials` runs the full size.
 */
import { describe, expect, it } from 'vitest';
import { runSeries, summarize } from './crash-trials.js';

describe('crash trials', () => {
  it('loses and duplicates nothing across 20 killed runs', async () => {
    const series = await runSeries({ trials: 20, records: 5_000, seed: 1, concurrency: 2 });
    const failures = series.trials.filter((trial) => trial.problems.length > 0).map((trial) => `seed ${trial.seed}: ${trial.problems.slice(0, 3).join('; ')}`);
    expect(failures).toEqual([]);
    const summary = summarize(series);
    expect(summary.kills).toBeGreaterThanOrEqual(20);
    expect(summary.items + summary.exceptions + summary.deadLetters).toBe(20 * 5_000);
  }, 180_000);
});
