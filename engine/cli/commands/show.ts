import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { describeOrigin } from '../../records.js';
import type { RunStore, RunSummary } from '../../store/run-store.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { formatDuration, formatTable } from '../table.js';
import { stepTable } from './run.js';

/** Dead letters printed by `show` before it points to `dead-letters` for the rest. */
const DEAD_LETTERS_SHOWN = 20;

export function registerShow(program: Command, context: CliContext): void {
  program
    .command('show')
    .description('show one run: lineage, steps with counts per port, and its dead letters with their errors')
    .argument('<run-id>', 'run number, as listed by `flowmason runs`')
    .option('--db <path>', 'run history file')
    .option('--json', 'print the run, its steps and dead letters as JSON')
    .action(async (runIdText: string, options: { db?: string; json?: boolean }) => {
      const runId = Number(runIdText);
      if (!Number.isInteger(runId) || runId <= 0) {
        throw new InputError(`run id must be a positive whole number; got '${runIdText}'`);
      }
      const store = await context.openStore(options);
      const run = await store.getRun(runId);
      if (run === undefined) {
        throw new InputError(`run ${runId} not found in ${store.path}`);
      }
      const steps = await store.getSteps(runId);
      const deadLetters = await store.listDeadLetters({ runId, includeResolved: true, limit: options.json === true ? 100_000 : DEAD_LETTERS_SHOWN + 1 });
      const lineage = await lineageOf(store, run);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ run, lineage: lineage.map((item) => item.id), steps, deadLetters }, null, 2)}\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const lines: string[] = [];
      lines.push(`run ${run.id}  ${run.status}${run.error === null ? '' : `: ${run.error}`}`);
      lines.push(`flow      ${run.flowId} (${run.flowName})${run.flowPath === null ? '' : `  ${run.flowPath}`}`);
      lines.push(`version   ${run.flowHash.slice(0, 12)}`);
      lines.push(`started   ${run.startedAt}   time ${formatDuration(run.finishedAt === null ? null : Date.parse(run.finishedAt) - Date.parse(run.startedAt))}`);
      if (Object.keys(run.params).length > 0) {
        lines.push(`params    ${Object.entries(run.params).map(([name, value]) => `${name}=${String(value)}`).join('  ')}`);
      }
      for (const input of run.trigger) {
        lines.push(`input     ${input.nodeId}: ${input.path ?? '-'}${input.sha256 === undefined ? '' : `  sha256 ${input.sha256.slice(0, 12)}`}`);
      }
      if (lineage.length > 1) {
        lines.push(`lineage   ${lineage.map((item) => (item.parentRunId === null ? `run ${item.id}` : `${item.reason} run ${item.id}`)).join(' <- ')}`);
      }
      lines.push('', stepTable(steps));
      if (deadLetters.length > 0) {
        lines.push('', `dead letters (${run.openDeadLetters} open)`);
        lines.push(
          formatTable(
            ['ID', 'NODE', 'KEY', 'ORIGIN', 'ERROR'],
            deadLetters.slice(0, DEAD_LETTERS_SHOWN).map((letter) => [
              String(letter.id),
              letter.nodeId,
              letter.recordKey ?? '-',
              describeOrigin(letter.origin),
              `${letter.resolvedAt === null ? '' : '[resolved] '}${letter.errorMessage}`,
            ]),
          ),
        );
        if (deadLetters.length > DEAD_LETTERS_SHOWN) {
          lines.push(`... more: flowmason show ${run.id} --json`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.ok;
    });
}

/** Returns the run and its ancestors, the run itself first. */
async function lineageOf(store: RunStore, run: RunSummary): Promise<RunSummary[]> {
  const chain = [run];
  let current = run;
  while (current.parentRunId !== null && chain.length < 100) {
    const parent = await store.getRun(current.parentRunId);
    if (parent === undefined) {
      break;
    }
    chain.push(parent);
    current = parent;
  }
  return chain;
}
