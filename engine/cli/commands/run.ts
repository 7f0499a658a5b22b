import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatProblem, hasErrors, loadFlowFile } from '../../flow/load-flow.js';
import { parseParameterAssignment, readParametersFile } from '../../flow/parameters.js';
import { runFlow, type RunResult } from '../../runtime/run-flow.js';
import type { RunStatus } from '../../statuses.js';
import type { StepSummary } from '../../store/run-store.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { ProgressDisplay } from '../progress-display.js';
import { formatDuration, formatPortCounts, formatTable } from '../table.js';

interface RunOptions {
  param: string[];
  paramsFile?: string;
  db?: string;
  json?: boolean;
  batchSize?: string;
}

export function registerRun(program: Command, context: CliContext): void {
  program
    .command('run')
    .description('run a flow once and keep its history; exit 0 when COMPLETED, 2 when COMPLETED_WITH_ERRORS, 1 when FAILED or invalid')
    .argument('<file>', 'flow file (*.flow.json)')
    .option('--param <name=value>', 'set a flow parameter (repeatable); relative paths resolve against the current folder', collect, [])
    .option('--params-file <file>', 'read parameters from a JSON object of name to value; relative paths resolve against its folder; --param overrides it')
    .option('--db <path>', 'run history file (default: $FLOWMASON_HOME/history.db or ~/.flowmason/history.db)')
    .option('--json', 'print {runId, status, steps} as JSON instead of the summary')
    .option('--batch-size <records>', 'records per batch')
    .action(async (file: string, options: RunOptions) => {
      process.exitCode = await runCommand(file, options, context);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runCommand(file: string, options: RunOptions, context: CliContext): Promise<number> {
  const path = resolve(file);
  const loaded = await loadFlowFile(path, context.registry);
  for (const problem of loaded.problems) {
    process.stderr.write(`${formatProblem(problem, path)}\n`);
  }
  if (loaded.flow === undefined || hasErrors(loaded.problems)) {
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify({ status: 'INVALID', problems: loaded.problems }, null, 2)}\n`);
    }
    return EXIT.failed;
  }
  const params = {
    ...(options.paramsFile === undefined ? {} : await readParametersFile(resolve(options.paramsFile), loaded.flow)),
    ...Object.fromEntries(options.param.map(parseParameterAssignment)),
  };
  const store = await context.openStore(options);
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) {
      process.exit(EXIT.cancelled);
    }
    process.stderr.write('\ncancelling the run; press Ctrl-C again to quit at once\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const progress = options.json === true ? undefined : ProgressDisplay.forStream(process.stderr);
  let result: RunResult;
  try {
    result = await runFlow({
      flow: loaded.flow,
      registry: context.registry,
      store,
      flowDir: dirname(path),
      flowPath: path,
      params,
      overrideDir: process.cwd(),
      signal: controller.signal,
      logger: context.logger,
      ...(options.batchSize === undefined ? {} : { batchSize: Number(options.batchSize) }),
      ...(progress === undefined ? {} : { onEvent: (event) => progress.handle(event) }),
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    progress?.stop();
  }
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(jsonSummary(result), null, 2)}\n`);
  } else {
    process.stdout.write(`${textSummary(result, store.path, options.db !== undefined)}\n`);
  }
  return exitCodeFor(result.status);
}

/** The `--json` shape: `{runId, status, steps: [{nodeId, in, out, errors}]}`, plus `error` when the run failed. */
export function jsonSummary(result: RunResult): Record<string, unknown> {
  return {
    runId: result.runId,
    status: result.status,
    ...(result.error === null ? {} : { error: result.error }),
    steps: result.steps.map((step) => ({ nodeId: step.nodeId, in: step.recordsIn, out: step.outputs, errors: step.errors })),
  };
}

function textSummary(result: RunResult, databasePath: string, databaseGiven: boolean): string {
  const lines = [`run ${result.runId} ${result.status}${result.error === null ? '' : `: ${result.error}`}`, '', stepTable(result.steps), ''];
  lines.push(`history: ${databasePath}`);
  lines.push(`details: flowmason show ${result.runId}${databaseGiven ? ` --db ${databasePath}` : ''}`);
  return lines.join('\n');
}

export function stepTable(steps: readonly StepSummary[]): string {
  return formatTable(
    ['NODE', 'TYPE', 'STATUS', 'IN', 'OUT', 'ERRORS', 'TIME'],
    steps.map((step) => [
      step.nodeId,
      step.nodeType,
      step.status,
      String(step.recordsIn),
      formatPortCounts(step.outputs),
      String(step.errors),
      formatDuration(step.durationMs),
    ]),
  );
}

export function exitCodeFor(status: RunStatus): number {
  switch (status) {
    case 'COMPLETED':
    case 'WAITING':
      return EXIT.ok;
    case 'COMPLETED_WITH_ERRORS':
      return EXIT.completedWithErrors;
    case 'CANCELLED':
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}
