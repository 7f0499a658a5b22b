import type { Command } from 'commander';
import { UsageError } from '../arguments.js';
import { InputError } from '../../errors.js';
import type { RunStore, RunSummary } from '../../store/run-store.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { APPROVAL_STATUSES } from '../../statuses.js';
import type { Approval } from '../../store/approval-store.js';
import { formatDuration, formatTime } from '../table.js';
import { approvalAuditTable, approvalState } from './approvals.js';
import { deadLetterTable } from './dead-letters.js';
import { stepTable } from './run.js';

/** Dead letters printed by `show` before it points to `dead-letters` for the rest. */
const DEAD_LETTERS_SHOWN = 20;
/** Approvals printed by `show` with their decisions before it points to `--json` for the rest. */
const APPROVALS_SHOWN = 20;

export function registerShow(program: Command, context: CliContext): void {
  program
    .command('show')
    .description('show one run: lineage, steps with counts per port, the approvals it held with each decision, and its dead letters with their errors')
    .argument('<run-id>', 'run number, as listed by `flowmason runs`')
    .option('--db <path>', 'run history file')
    .option('--json', 'print the run, its steps and dead letters as JSON')
    .action(async (runIdText: string, options: { db?: string; json?: boolean }) => {
      const runId = Number(runIdText);
      if (!Number.isInteger(runId) || runId <= 0) {
        throw new UsageError(`run id must be a positive whole number; got '${runIdText}'`);
      }
      const store = await context.openStore(options);
      const run = await store.getRun(runId);
      if (run === undefined) {
        throw new InputError(`run ${runId} not found in ${store.path}`);
      }
      const steps = await store.getSteps(runId);
      const deadLetters = await store.listDeadLetters({ runId, includeResolved: true, limit: options.json === true ? 100_000 : DEAD_LETTERS_SHOWN + 1 });
      const lineage = await lineageOf(store, run);
      const children = await store.listChildRuns(runId);
      const approvals = await store.listApprovals({ runId });
      if (options.json === true) {
        const json = { run, lineage: lineage.map((item) => item.id), continuations: children.map((child) => child.id), steps, deadLetters, approvals };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const lines: string[] = [];
      lines.push(`run ${run.id}  ${run.status}${run.error === null ? '' : `: ${run.error}`}`);
      lines.push(`flow      ${run.flowId} (${run.flowName})${run.flowPath === null ? '' : `  ${run.flowPath}`}`);
      lines.push(`version   ${run.flowHash.slice(0, 12)}`);
      lines.push(`started   ${formatTime(run.startedAt)}   time ${formatDuration(run.finishedAt === null ? null : Date.parse(run.finishedAt) - Date.parse(run.startedAt))}`);
      if (Object.keys(run.params).length > 0) {
        lines.push(`params    ${Object.entries(run.params).map(([name, value]) => `${name}=${String(value)}`).join('  ')}`);
      }
      for (const input of run.trigger) {
        lines.push(`${input.role === 'lookup' ? 'lookup ' : 'input  '}   ${input.nodeId}: ${input.path ?? '-'}${input.sha256 === undefined ? '' : `  sha256 ${input.sha256.slice(0, 12)}`}`);
      }
      if (lineage.length > 1) {
        lines.push(`lineage   ${lineage.map((item) => (item.parentRunId === null ? `run ${item.id}` : `${item.reason} run ${item.id}`)).join(' <- ')}`);
      }
      if (children.length > 0) {
        lines.push(`continued ${children.map((child) => `${child.reason} run ${child.id} (${child.status})`).join(', ')}`);
      }
      if (approvals.length > 0) {
        lines.push(`approvals ${approvalCounts(approvals)}`);
      }
      lines.push('', stepTable(steps));
      if (approvals.length > 0) {
        lines.push('', 'approvals');
        lines.push(approvalAuditTable(approvals.slice(0, APPROVALS_SHOWN)));
        if (approvals.length > APPROVALS_SHOWN) {
          lines.push(`... more: flowmason show ${run.id} --json`);
        }
      }
      if (deadLetters.length > 0) {
        lines.push('', `dead letters (${run.openDeadLetters} open)`);
        const shown = deadLetters.slice(0, DEAD_LETTERS_SHOWN);
        lines.push(deadLetterTable(shown, shown.some((letter) => letter.resolvedAt !== null)));
        if (deadLetters.length > DEAD_LETTERS_SHOWN) {
          lines.push(`... more: flowmason show ${run.id} --json`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = EXIT.ok;
    });
}

/** Counts approvals by status, such as `2 pending, 1 approved`. */
function approvalCounts(approvals: readonly Approval[]): string {
  const counts = new Map<string, number>();
  for (const approval of approvals) {
    const state = approvalState(approval);
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  return [...APPROVAL_STATUSES, 'SUPERSEDED'].filter((status) => counts.has(status))
    .map((status) => `${counts.get(status)} ${status.toLowerCase()}`)
    .join(', ');
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
