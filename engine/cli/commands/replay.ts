import { resolve } from 'node:path';
import { parseArgument } from '../arguments.js';
import { UsageError } from '../arguments.js';
import type { Command } from 'commander';
import { parseFlowVersionChoice } from '../../operations/continue-run.js';
import { replayDeadLetters, type ReplayOutcome } from '../../operations/replay.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { addDeadLetterFilterOptions, deadLetterFilter, hasDeadLetterFilter, type DeadLetterFilterOptions } from '../dead-letter-options.js';
import { applyRetentionAfterRun, withRunControls } from '../run-controls.js';
import { exitCodeFor, jsonSummary, stepTable } from './run.js';

interface ReplayOptions extends DeadLetterFilterOptions {
  fromNode?: string;
  flowVersion?: string;
  edited?: string;
  db?: string;
  json?: boolean;
  batchSize?: string;
}

export function registerReplay(program: Command, context: CliContext): void {
  const command = program
    .command('replay')
    .description('continue open dead letters at the node where they failed, as one new run per run they came from; without a filter, every open dead letter');
  addDeadLetterFilterOptions(command)
    .option('--from-node <id>', 'continue at this node instead of the node where each dead letter failed')
    .option('--flow-version <version>', "'original': the flow version of the run each dead letter came from (default); 'current': the flow file as it is now")
    .option('--edited <file>', 'replay the dead letters of a file written by `dead-letters --export`, with the data as edited there')
    .option('--db <path>', 'run history file')
    .option('--json', 'print the replay runs as JSON')
    .option('--batch-size <records>', 'records per batch')
    .action(async (options: ReplayOptions) => {
      if (options.edited !== undefined && hasDeadLetterFilter(options)) {
        throw new UsageError('--edited selects dead letters by the ids in the file; leave out --run, --flow, --node, --key, --error and --since');
      }
      const version = parseArgument(() => parseFlowVersionChoice(options.flowVersion));
      const filter = deadLetterFilter(options);
      const store = await context.openStore(options);
      const outcomes = await withRunControls(options.json === true, (controls) =>
        replayDeadLetters(
          { store, registry: context.registry, logger: context.logger },
          {
            filter,
            version,
            ...(options.fromNode === undefined ? {} : { fromNode: options.fromNode }),
            ...(options.edited === undefined ? {} : { editedFile: resolve(options.edited) }),
            run: { ...controls, ...(options.batchSize === undefined ? {} : { batchSize: Number(options.batchSize) }) },
          },
        ),
      );
      await applyRetentionAfterRun(store, outcomes.map((outcome) => outcome.parent.flowId));
      const open = (await store.listDeadLetters({ limit: Number.MAX_SAFE_INTEGER })).length;
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ replays: outcomes.map(jsonOutcome), openDeadLetters: open }, null, 2)}\n`);
      } else if (outcomes.length === 0) {
        process.stdout.write(`no open dead letters match; nothing to replay\n`);
      } else {
        const database = options.db === undefined ? '' : ` --db ${store.path}`;
        const blocks = outcomes.map((outcome) => textOutcome(outcome));
        process.stdout.write(`${blocks.join('\n\n')}\n\n${open === 0 ? 'no open dead letters left' : `${plural(open, 'dead letter')} open: flowmason dead-letters${database}`}\n`);
      }
      process.exitCode = worstExitCode(outcomes.map((outcome) => exitCodeFor(outcome.result)));
    });
}

function textOutcome(outcome: ReplayOutcome): string {
  const where =
    outcome.entries.length === 1
      ? `at node '${outcome.entries[0]?.nodeId}'`
      : `at nodes ${outcome.entries.map((entry) => `'${entry.nodeId}' (${entry.records})`).join(', ')}`;
  const edited = outcome.edits === 0 ? '' : `, ${outcome.edits} with edited data`;
  const header = `replay of run ${outcome.parent.id}: ${plural(outcome.deadLetters.length, 'dead letter')} ${where}${edited}, with the ${outcome.setup.version} flow version ${outcome.setup.hash.slice(0, 12)}`;
  const result = outcome.result;
  return [header, `run ${result.runId} ${result.status}${result.error === null ? '' : `: ${result.error}`}`, '', stepTable(result.steps)].join('\n');
}

function jsonOutcome(outcome: ReplayOutcome): Record<string, unknown> {
  return {
    ...jsonSummary(outcome.result),
    parentRunId: outcome.parent.id,
    flowVersion: outcome.setup.hash,
    deadLetterIds: outcome.deadLetters.map((letter) => letter.id),
    entries: outcome.entries,
    edits: outcome.edits,
  };
}

/** Returns the exit code of the worst outcome: a failure, then a cancellation, then dead letters. */
function worstExitCode(codes: readonly number[]): number {
  for (const code of [EXIT.failed, EXIT.cancelled, EXIT.completedWithErrors]) {
    if (codes.includes(code)) {
      return code;
    }
  }
  return EXIT.ok;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
