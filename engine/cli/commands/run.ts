import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { collect, parameterOverrides } from '../arguments.js';
import { checkFlow, formatProblem, hasErrors, loadFlowFile } from '../../flow/load-flow.js';
import type { FlowDocument } from '../../flow/flow-schema.js';
import { errorMessage } from '../../errors.js';
import { resolveParameters, withParameterValues, type ParameterOverride } from '../../flow/parameters.js';
import { runFlow, type RunResult } from '../../runtime/run-flow.js';
import type { StepSummary } from '../../store/run-store.js';
import { EXIT, writeJsonError, type CliContext } from '../cli-context.js';
import { applyRetentionAfterRun, withRunControls } from '../run-controls.js';
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
    .description(
      'run a flow once and keep its history; exit 0 when COMPLETED or WAITING, 2 when COMPLETED_WITH_ERRORS or WAITING with dead letters, 1 when FAILED or invalid, 64 for invalid parameter values, 130 when cancelled',
    )
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

/**
 * Checks parameter values before a run exists: unknown names, wrong types, and node configs that
 * the values make invalid (an encoding or delimiter the node does not know). A mistake on the
 * command line is reported as such instead of leaving a FAILED run in the history.
 */
function checkParameterValues(flow: FlowDocument, params: Record<string, ParameterOverride>, path: string, context: CliContext): string[] {
  let values: Record<string, unknown>;
  try {
    values = resolveParameters(flow, params, { flowDir: dirname(path), overrideDir: process.cwd() });
  } catch (error) {
    return [`flowmason: ${errorMessage(error)}`];
  }
  const checked = checkFlow(withParameterValues(flow, values), context.registry, { flowDir: dirname(path) });
  return checked.problems.filter((problem) => problem.severity === 'error').map((problem) => `${formatProblem(problem, path)} (with the given parameters)`);
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
  const params = await parameterOverrides(options, loaded.flow);
  const flow = loaded.flow;
  const valueProblems = checkParameterValues(flow, params, path, context);
  if (valueProblems.length > 0) {
    for (const line of valueProblems) {
      process.stderr.write(`${line}\n`);
    }
    if (options.json === true) {
      writeJsonError(valueProblems.map((line) => line.replace(/^flowmason: /, '')).join('\n'), 'usage');
    }
    return EXIT.usage;
  }
  const store = await context.openStore(options);
  const result = await withRunControls(options.json === true, (controls) =>
    runFlow({
      flow,
      registry: context.registry,
      store,
      flowDir: dirname(path),
      flowPath: path,
      params,
      overrideDir: process.cwd(),
      logger: context.logger,
      ...(options.batchSize === undefined ? {} : { batchSize: Number(options.batchSize) }),
      ...controls,
    }),
  );
  await applyRetentionAfterRun(store, [flow.id]);
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(jsonSummary(result), null, 2)}\n`);
  } else {
    process.stdout.write(`${textSummary(result, store.path, options.db !== undefined)}\n`);
  }
  return exitCodeFor(result);
}

/**
 * The `--json` shape: `{runId, status, steps: [{nodeId, in, out, errors}]}`, plus `error` when the
 * run failed, and `unchanged` and `held` on the steps where they are not 0.
 */
export function jsonSummary(result: RunResult): Record<string, unknown> {
  return {
    runId: result.runId,
    status: result.status,
    ...(result.error === null ? {} : { error: result.error }),
    steps: result.steps.map((step) => ({
      nodeId: step.nodeId,
      in: step.recordsIn,
      out: step.outputs,
      errors: step.errors,
      ...(step.unchanged === 0 ? {} : { unchanged: step.unchanged }),
      ...(step.held === 0 ? {} : { held: step.held }),
    })),
  };
}

/** The summary printed after a run: its status, its steps, and where to look further. */
export function textSummary(result: RunResult, databasePath: string, databaseGiven: boolean): string {
  const lines = [`run ${result.runId} ${result.status}${result.error === null ? '' : `: ${result.error}`}`, '', stepTable(result.steps), ''];
  lines.push(`history: ${databasePath}`);
  lines.push(`details: npx flowmason show ${result.runId}${databaseGiven ? ` --db ${databasePath}` : ''}`);
  return lines.join('\n');
}

/** Renders steps as a table; UNCHANGED and HELD columns appear only when some step has such records. */
export function stepTable(steps: readonly StepSummary[]): string {
  const showUnchanged = steps.some((step) => step.unchanged > 0);
  const showHeld = steps.some((step) => step.held > 0);
  return formatTable(
    ['NODE', 'TYPE', 'STATUS', 'IN', 'OUT', 'ERRORS', ...(showUnchanged ? ['UNCHANGED'] : []), ...(showHeld ? ['HELD'] : []), 'TIME'],
    steps.map((step) => [
      step.nodeId,
      step.nodeType,
      step.status,
      String(step.recordsIn),
      formatPortCounts(step.outputs),
      String(step.errors),
      ...(showUnchanged ? [String(step.unchanged)] : []),
      ...(showHeld ? [String(step.held)] : []),
      formatDuration(step.durationMs),
    ]),
  );
}

/** Exit code of a command that ran a flow: a run that waits for approvals counts as completed, with or without dead letters. */
export function exitCodeFor(result: Pick<RunResult, 'status' | 'deadLetters'>): number {
  switch (result.status) {
    case 'COMPLETED':
      return EXIT.ok;
    case 'WAITING':
      return result.deadLetters > 0 ? EXIT.completedWithErrors : EXIT.ok;
    case 'COMPLETED_WITH_ERRORS':
      return EXIT.completedWithErrors;
    case 'CANCELLED':
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}
