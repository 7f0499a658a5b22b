/**
 * Runs a series of crash trials: calibrates how long one uninterrupted run takes on this machine,
 * then runs each trial in a folder of its own, a few at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrial, type TrialResult } from './crash-trial.js';

export interface SeriesOptions {
  trials: number;
  records: number;
  /** Seed of the first trial; trial n uses seed + n. */
  seed: number;
  /** Trials run at the same time. */
  concurrency: number;
  batchSize?: number;
  /** Called after each trial, for progress output. */
  onTrial?: (result: TrialResult) => void;
  /** Keep the trial folders of failed trials, for a post-mortem. */
  keepFailed?: boolean;
}

export interface SeriesResult {
  /** Milliseconds one uninterrupted process took; kill moments by time are drawn up to 1.05 times this. */
  calibrationMs: number;
  trials: TrialResult[];
}

export async function runSeries(options: SeriesOptions): Promise<SeriesResult> {
  const calibrationMs = await calibrate(options);
  const killWindowMs = Math.max(50, Math.round(calibrationMs * 1.05));
  const trials: TrialResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.trials) {
      const seed = options.seed + next++;
      const folder = mkdtempSync(join(tmpdir(), `flowmason-crash-${seed}-`));
      const result = await runTrial({ seed, records: options.records, folder, killWindowMs, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
      trials.push(result);
      options.onTrial?.(result);
      if (result.problems.length === 0 || options.keepFailed !== true) {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker()));
  trials.sort((a, b) => a.seed - b.seed);
  return { calibrationMs, trials };
}

async function calibrate(options: SeriesOptions): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'flowmason-crash-calibration-'));
  try {
    const start = Date.now();
    const result = await runTrial({ seed: options.seed, records: options.records, folder, killWindowMs: 1, maximumKills: 0, ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }) });
    if (result.problems.length > 0) {
      throw new Error(`the uninterrupted calibration run already breaks the invariants: ${result.problems.slice(0, 3).join('; ')}`);
    }
    return Date.now() - start;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Sums the trials for a report. */
export function summarize(series: SeriesResult) {
  const sum = (pick: (trial: TrialResult) => number): number => series.trials.reduce((total, trial) => total + pick(trial), 0);
  return {
    trials: series.trials.length,
    failedTrials: series.trials.filter((trial) => trial.problems.length > 0).length,
    calibrationMs: series.calibrationMs,
    kills: sum((trial) => trial.kills.length),
    processes: sum((trial) => trial.processes),
    interruptedRuns: sum((trial) => trial.interruptedRuns),
    effectsOfInterruptedRuns: sum((trial) => trial.effectsOfInterruptedRuns),
    effectsConfirmedAtStartUp: sum((trial) => trial.recoveredEffects.confirmed),
    effectsDiscardedAtStartUp: sum((trial) => trial.recoveredEffects.discarded),
    temporaryFilesLeft: sum((trial) => trial.temporaryFiles),
    records: sum((trial) => trial.records),
    items: sum((trial) => trial.items),
    exceptions: sum((trial) => trial.exceptions),
    deadLetters: sum((trial) => trial.deadLetters),
  };
}
