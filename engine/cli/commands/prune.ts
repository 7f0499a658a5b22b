import { statSync } from 'node:fs';
import { parseArgument } from '../arguments.js';
import type { Command } from 'commander';
import { durationToMs } from '../../sdk/duration.js';
import type { RetentionPolicy } from '../../store/retention.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { parseRunCount, retentionPolicyFromEnvironment } from '../run-controls.js';

interface PruneOptions {
  maxAge?: string;
  keepRuns?: string;
  sampleSize?: string;
  flow?: string;
  db?: string;
  json?: boolean;
}

export function registerPrune(program: Command, context: CliContext): void {
  program
    .command('prune')
    .description(
      'delete old runs and compact the history file. A run goes when it is older than --max-age or beyond the --keep-runs newest of its flow, whichever limit it breaks first. Runs with open dead letters or pending approvals, runs holding the newest approval decision on a key, runs still running or waiting, and the runs they continue are kept. The same policy is applied after every run; set it there with FLOWMASON_KEEP_RUNS and FLOWMASON_MAX_AGE',
    )
    .option('--max-age <duration>', "delete runs that started longer ago than this, such as 30d or 12h; 'forever' keeps them (default: 30d)")
    .option('--keep-runs <count>', "newest runs kept per flow; 'all' keeps every run (default: 200)")
    .option('--sample-size <records>', 'records kept per step and port in stored samples (default: 20)')
    .option('--flow <id>', 'only runs of this flow')
    .option('--db <path>', 'run history file')
    .option('--json', 'print the counts as JSON')
    .action(async (options: PruneOptions) => {
      const policy = policyFromOptions(options);
      const store = await context.openStore(options);
      const result = await store.applyRetention(policy, { compaction: 'full', ...(options.flow === undefined ? {} : { flowId: options.flow }) });
      const size = statSync(store.path).size;
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ ...result, fileBytes: size }, null, 2)}\n`);
      } else {
        const lines = [`deleted ${result.deletedRuns} run${result.deletedRuns === 1 ? '' : 's'} and ${result.deletedLedgerRows} superseded ledger row${result.deletedLedgerRows === 1 ? '' : 's'}`];
        if (result.protectedRuns > 0) {
          lines.push(`kept ${result.protectedRuns} older run${result.protectedRuns === 1 ? ' that still has' : 's that still have'} open dead letters, pending approvals, approval decisions in use or work in progress`);
        }
        if (result.trimmedSamples > 0) {
          lines.push(`trimmed ${result.trimmedSamples} sample${result.trimmedSamples === 1 ? '' : 's'} to ${policy.sampleSize} records`);
        }
        lines.push(`compacted ${store.path}: ${(size / 1024).toFixed(0)} KiB`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}

function policyFromOptions(options: PruneOptions): RetentionPolicy {
  const policy = retentionPolicyFromEnvironment();
  const maxAge = options.maxAge;
  if (maxAge !== undefined) {
    policy.maximumAgeMs = maxAge === 'forever' ? null : parseArgument(() => durationToMs(maxAge, '--max-age'));
  }
  if (options.keepRuns !== undefined) {
    policy.runsPerFlow = options.keepRuns === 'all' ? null : parseRunCount(options.keepRuns, '--keep-runs');
  }
  if (options.sampleSize !== undefined) {
    policy.sampleSize = parseRunCount(options.sampleSize, '--sample-size');
  }
  return policy;
}
