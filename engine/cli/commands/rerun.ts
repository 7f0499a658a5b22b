import type { Command } from 'commander';
import { parseArgument } from '../arguments.js';
import { parseFlowVersionChoice } from '../../operations/continue-run.js';
import { describeChange, rerunRun } from '../../operations/rerun.js';
import { type CliContext } from '../cli-context.js';
import { parseRunId } from '../dead-letter-options.js';
import { applyRetentionAfterRun, withRunControls } from '../run-controls.js';
import { exitCodeFor, jsonSummary, textSummary } from './run.js';

interface RerunOptions {
  force?: boolean;
  flowVersion?: string;
  db?: string;
  json?: boolean;
  batchSize?: string;
}

export function registerRerun(program: Command, context: CliContext): void {
  program
    .command('rerun')
    .description('run a finished run again from its sources, on the input it read, with its parameters; sinks skip what it already delivered')
    .argument('<run-id>', 'run number, as listed by `flowmason runs`')
    .option('--force', 're-run even when an input file or a lookup file (a code table, a JSON Schema) changed since the run read it')
    .option('--flow-version <version>', "'original': the flow version the run ran (default); 'current': the flow file as it is now")
    .option('--db <path>', 'run history file')
    .option('--json', 'print {runId, status, steps} as JSON instead of the summary')
    .option('--batch-size <records>', 'records per batch')
    .action(async (runIdText: string, options: RerunOptions) => {
      const runId = parseRunId(runIdText, 'run id');
      const version = parseArgument(() => parseFlowVersionChoice(options.flowVersion));
      const store = await context.openStore(options);
      const outcome = await withRunControls(options.json === true, (controls) =>
        rerunRun(
          { store, registry: context.registry, logger: context.logger },
          { runId, version, force: options.force === true, run: { ...controls, ...(options.batchSize === undefined ? {} : { batchSize: Number(options.batchSize) }) } },
        ),
      );
      await applyRetentionAfterRun(store, [outcome.parent.flowId]);
      for (const change of outcome.changes) {
        process.stderr.write(`flowmason: warning: ${describeChange(change, runId)}; re-ran on it because of --force\n`);
      }
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ ...jsonSummary(outcome.result), parentRunId: runId, flowVersion: outcome.setup.hash }, null, 2)}\n`);
      } else {
        process.stdout.write(`rerun of run ${runId} with the ${version} flow version ${outcome.setup.hash.slice(0, 12)}\n`);
        process.stdout.write(`${textSummary(outcome.result, store.path, options.db !== undefined)}\n`);
      }
      process.exitCode = exitCodeFor(outcome.result);
    });
}
