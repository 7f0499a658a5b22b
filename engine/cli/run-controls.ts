/**
 * Helpers every command that runs a flow shares: Ctrl-C cancels the run (twice quits at once),
 * live progress on a terminal, and the retention policy applied after the run.
 */
import { UsageError } from './arguments.js';
import type { RunFlowOptions } from '../runtime/run-flow.js';
import { durationToMs } from '../sdk/duration.js';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '../store/retention.js';
import type { RunStore } from '../store/run-store.js';
import { EXIT } from './cli-context.js';
import { ProgressDisplay } from './progress-display.js';

export type RunControls = Pick<RunFlowOptions, 'signal' | 'onEvent'>;

/** Runs `work` with cancellation on Ctrl-C and, unless `quiet`, a progress display on stderr. */
export async function withRunControls<T>(quiet: boolean, work: (controls: RunControls) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      process.exit(EXIT.cancelled);
    }
    process.stderr.write('\ncancelling the run; press Ctrl-C again to quit at once\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const progress = quiet ? undefined : ProgressDisplay.forStream(process.stderr);
  try {
    return await work({ signal: controller.signal, ...(progress === undefined ? {} : { onEvent: (event) => progress.handle(event) }) });
  } finally {
    process.off('SIGINT', onInterrupt);
    progress?.stop();
  }
}

/**
 * Returns the retention policy applied after every run: {@link DEFAULT_RETENTION_POLICY}, changed by
 * `FLOWMASON_KEEP_RUNS` (runs per flow, or `all`) and `FLOWMASON_MAX_AGE` (such as `30d`, or
 * `forever`).
 */
export function retentionPolicyFromEnvironment(environment: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  const keepRuns = environment.FLOWMASON_KEEP_RUNS;
  const maximumAge = environment.FLOWMASON_MAX_AGE;
  return {
    ...DEFAULT_RETENTION_POLICY,
    ...(keepRuns === undefined ? {} : { runsPerFlow: keepRuns === 'all' ? null : parseRunCount(keepRuns, 'FLOWMASON_KEEP_RUNS') }),
    ...(maximumAge === undefined ? {} : { maximumAgeMs: maximumAge === 'forever' ? null : durationToMs(maximumAge, 'FLOWMASON_MAX_AGE') }),
  };
}

/** Applies the retention policy to the flows a command just ran, with the cheap compaction. */
export async function applyRetentionAfterRun(store: RunStore, flowIds: Iterable<string>): Promise<void> {
  const policy = retentionPolicyFromEnvironment();
  for (const flowId of new Set(flowIds)) {
    await store.applyRetention(policy, { flowId, compaction: 'incremental' });
  }
}

/** Parses a positive whole number of runs, naming `field` when it is not one. */
export function parseRunCount(text: string, field: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1) {
    throw new UsageError(`${field} must be a whole number of runs of at least 1; got '${text}'`);
  }
  return count;
}
