import { userInfo } from 'node:os';
import { UsageError } from '../arguments.js';
import type { Command } from 'commander';
import { errorMessage, FlowmasonError } from '../../errors.js';
import { approvalsStillNeeded, decidedRecord, type DecisionRequest } from '../../operations/approval-rules.js';
import { continueDecidedApprovals, decideApprovals } from '../../operations/approvals.js';
import type { Approval } from '../../store/approval-store.js';
import { EXIT, reportError, type CliContext } from '../cli-context.js';
import { applyRetentionAfterRun } from '../run-controls.js';
import { describeContinuation, jsonContinuation } from './approvals.js';

interface DecideOptions {
  edit: string[];
  comment?: string;
  as?: string;
  db?: string;
  json?: boolean;
}

export function registerDecisions(program: Command, context: CliContext): void {
  program
    .command('approve')
    .description('approve pending approvals; records whose approvals are complete continue from the approved port in a new run')
    .argument('<ids...>', 'approval ids, as listed by `flowmason approvals`')
    .option(
      '--edit <field=value>',
      "change a field the approve node lists as editable, or a field inside one by dotted path such as hazard.unNumber (repeatable); the value is read as JSON when it parses, else as text. The editor's own approval then does not count: someone else approves. Setting a field to the value it has is no change",
      collect,
      [],
    )
    .option('--comment <text>', 'why, kept in the audit trail')
    .option('--as <name>', 'who decides (default: $FLOWMASON_USER, else the login name)')
    .option('--db <path>', 'run history file')
    .option('--json', 'print {decided, failures, continued} as JSON')
    .action(async (ids: string[], options: DecideOptions) => {
      const edits = options.edit.length === 0 ? undefined : Object.fromEntries(options.edit.map(parseEdit));
      await decide(context, ids, { action: 'approve', actor: actorName(options.as), ...(edits === undefined ? {} : { edits }), ...commentOf(options) }, options);
    });
  program
    .command('reject')
    .description('reject pending approvals; their records continue from the rejected port in a new run')
    .argument('<ids...>', 'approval ids, as listed by `flowmason approvals`')
    .requiredOption('--comment <text>', 'why the records are rejected, kept in the audit trail')
    .option('--as <name>', 'who decides (default: $FLOWMASON_USER, else the login name)')
    .option('--db <path>', 'run history file')
    .option('--json', 'print {decided, failures, continued} as JSON')
    .action(async (ids: string[], options: DecideOptions) => {
      await decide(context, ids, { action: 'reject', actor: actorName(options.as), ...commentOf(options) }, options);
    });
}

async function decide(context: CliContext, idTexts: readonly string[], request: DecisionRequest, options: DecideOptions): Promise<void> {
  const ids = idTexts.map(parseApprovalId);
  const store = await context.openStore(options);
  const operations = { store, registry: context.registry, logger: context.logger };
  const { decided, failures } = await decideApprovals(operations, ids, request);
  const continued = await continueDecidedApprovals(operations);
  await applyRetentionAfterRun(store, continued.map((continuation) => continuation.parent.flowId));
  if (options.json === true) {
    const json = {
      decided: decided.map((approval) => ({ id: approval.id, status: approval.status, approvalsNeeded: approvalsStillNeeded(approval) })),
      failures: failures.map((failure) => ({ id: failure.id, error: errorMessage(failure.error) })),
      continued: continued.map(jsonContinuation),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const failure of failures) {
      reportError(failure.error);
    }
    const lines = [...decided.map((approval) => describeDecision(approval, request)), ...continued.flatMap(describeContinuation)];
    if (lines.length > 0) {
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  }
  const unexpected = failures.find((failure) => !(failure.error instanceof FlowmasonError));
  if (unexpected !== undefined) {
    throw unexpected.error;
  }
  process.exitCode = failures.length > 0 || continued.some((continuation) => continuation.result.status === 'FAILED') ? EXIT.failed : EXIT.ok;
}

function describeDecision(approval: Approval, request: DecisionRequest): string {
  const head = `approval ${approval.id} (key ${approval.recordKey ?? '-'})`;
  const last = approval.audit[approval.audit.length - 1];
  if (approval.status === 'REJECTED') {
    return `${head}: REJECTED by ${request.actor}: ${request.comment ?? ''}`;
  }
  if (approval.status === 'APPROVED') {
    return `${head}: APPROVED by ${(decidedRecord(approval).decision?.decidedBy ?? []).join(', ')}`;
  }
  const needed = approvalsStillNeeded(approval);
  if (last?.action === 'edit') {
    const changes = Object.entries(last.changes ?? {}).map(([field, change]) => `${field} from ${JSON.stringify(change.from)} to ${JSON.stringify(change.to)}`);
    return `${head}: ${request.actor} changed ${changes.join(', ')}; ${needed} approval${needed === 1 ? '' : 's'} needed from someone other than ${request.actor}`;
  }
  return `${head}: approved by ${request.actor}; ${needed} more approval${needed === 1 ? '' : 's'} needed`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function commentOf(options: DecideOptions): { comment?: string } {
  return options.comment === undefined ? {} : { comment: options.comment };
}

/** Splits `--edit field=value`; the value is JSON when it parses as JSON, else text. */
export function parseEdit(text: string): [string, unknown] {
  const index = text.indexOf('=');
  if (index <= 0) {
    throw new UsageError(`--edit '${text}' is not in the form field=value`);
  }
  const raw = text.slice(index + 1);
  try {
    return [text.slice(0, index), JSON.parse(raw) as unknown];
  } catch {
    return [text.slice(0, index), raw];
  }
}

function parseApprovalId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) {
    throw new UsageError(`approval id must be a positive whole number; got '${text}'`);
  }
  return id;
}

function actorName(given: string | undefined): string {
  const name = given ?? process.env.FLOWMASON_USER ?? userInfo().username;
  if (name.trim() === '') {
    throw new UsageError('the name of who decides is empty; pass --as NAME');
  }
  return name;
}
