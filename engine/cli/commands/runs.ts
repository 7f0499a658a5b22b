import type { Command } from 'commander';
import { EXIT, type CliContext } from '../cli-context.js';
import { formatDuration, formatTable, formatTime } from '../table.js';
import type { RunSummary } from '../../store/run-store.js';

export function registerRuns(program: Command, context: CliContext): void {
  program
    .command('runs')
    .description('list runs, newest first')
    .option('--flow <id>', 'only runs of this flow id')
    .option('--limit <count>', 'how many runs to list', '50')
    .option('--db <path>', 'run history file')
    .option('--json', 'print the runs as JSON')
    .action(async (options: { flow?: string; limit: string; db?: string; json?: boolean }) => {
      const store = await context.openStore(options);
      const runs = await store.listRuns({ ...(options.flow === undefined ? {} : { flowId: options.flow }), limit: Number(options.limit) });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      } else if (runs.length === 0) {
        process.stdout.write(`no runs in ${store.path}${options.flow === undefined ? '' : ` for flow '${options.flow}'`}\n`);
      } else {
        process.stdout.write(`${runsTable(runs)}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}

export function runsTable(runs: readonly RunSummary[]): string {
  return formatTable(
    ['RUN', 'FLOW', 'STATUS', 'REASON', 'STARTED', 'TIME', 'DEAD LETTERS'],
    runs.map((run) => [
      String(run.id),
      run.flowId,
      run.status,
      run.parentRunId === null ? run.reason : `${run.reason} of ${run.parentRunId}`,
      formatTime(run.startedAt),
      formatDuration(run.finishedAt === null ? null : Date.parse(run.finishedAt) - Date.parse(run.startedAt)),
      String(run.openDeadLetters),
    ]),
  );
}
