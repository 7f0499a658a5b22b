import type { Command } from 'commander';
import { UsageError } from '../arguments.js';
import { approvalsStillNeeded } from '../../operations/approval-rules.js';
import { continueDecidedApprovals, escalateOverdueApprovals, type ApprovalContinuation } from '../../operations/approvals.js';
import type { OperationContext } from '../../operations/continue-run.js';
import { compileFieldReader } from '../../expressions/field-path.js';
import type { Approval, ApprovalAuditEntry, ApprovalFilter } from '../../store/approval-store.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { parseRunId } from '../dead-letter-options.js';
import { applyRetentionAfterRun } from '../run-controls.js';
import { formatTable, formatTime } from '../table.js';

interface ApprovalsOptions {
  flow?: string;
  run?: string;
  key?: string;
  db?: string;
  json?: boolean;
}

export function registerApprovals(program: Command, context: CliContext): void {
  program
    .command('approvals')
    .description('list pending approvals with the data fields their approve node shows; first escalates overdue ones and continues decided records that have not been continued')
    .argument('[action]', "'escalate': only escalate overdue approvals and continue decided ones, without the list")
    .option('--flow <id>', 'only approvals of this flow id')
    .option('--run <id>', 'only approvals held by this run')
    .option('--key <key>', 'only approvals of records with this business key')
    .option('--db <path>', 'run history file')
    .option('--json', 'print {escalated, continued, pending} as JSON')
    .action(async (action: string | undefined, options: ApprovalsOptions) => {
      if (action !== undefined && action !== 'escalate') {
        throw new UsageError(`unknown approvals action '${action}'; the only action is escalate`);
      }
      const filter: ApprovalFilter = {
        statuses: ['PENDING'],
        ...(options.flow === undefined ? {} : { flowId: options.flow }),
        ...(options.run === undefined ? {} : { runId: parseRunId(options.run, '--run') }),
        ...(options.key === undefined ? {} : { recordKey: options.key }),
      };
      const store = await context.openStore(options);
      const operations: OperationContext = { store, registry: context.registry, logger: context.logger };
      const escalated = await escalateOverdueApprovals(operations);
      const continued = await continueDecidedApprovals(operations);
      await applyRetentionAfterRun(store, continued.map((continuation) => continuation.parent.flowId));
      const pending = action === 'escalate' ? [] : await store.listApprovals(filter);
      if (options.json === true) {
        process.stdout.write(
          `${JSON.stringify({ escalated: escalated.map((approval) => approval.id), continued: continued.map(jsonContinuation), pending }, null, 2)}\n`,
        );
      } else {
        const lines = [...escalated.map(describeEscalation), ...continued.flatMap(describeContinuation)];
        if (action !== 'escalate') {
          const filtered = options.flow !== undefined || options.run !== undefined || options.key !== undefined;
          lines.push(pending.length === 0 ? `no pending approvals ${filtered ? 'match' : `in ${store.path}`}` : approvalTable(pending));
        } else if (lines.length === 0) {
          lines.push('no approval is overdue and no decided record waits to continue');
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = continued.some((continuation) => continuation.result.status === 'FAILED') ? EXIT.failed : EXIT.ok;
    });
}

/**
 * Renders pending approvals: the record's flow, run, node and key, the data fields its node shows
 * deciders (its summary fields, else its editable fields), who decides, approvals given of those
 * needed, and the due time. Each field gets a column headed by its path.
 */
export function approvalTable(approvals: readonly Approval[]): string {
  const fields = [...new Set(approvals.flatMap(shownFields))];
  const readers = new Map(fields.map((field) => [field, compileFieldReader(field)]));
  return formatTable(
    ['ID', 'FLOW', 'RUN', 'NODE', 'KEY', ...fields, 'DECIDES', 'APPROVALS', 'DUE'],
    approvals.map((approval) => [
      String(approval.id),
      approval.flowId,
      String(approval.runId),
      approval.nodeId,
      approval.recordKey ?? '-',
      ...fields.map((field) => (shownFields(approval).includes(field) ? fieldText(readers.get(field)?.(approval.record.data)) : '-')),
      decidesText(approval),
      `${approval.approvalsRequired - approvalsStillNeeded(approval)} of ${approval.approvalsRequired}`,
      formatTime(approval.dueAt),
    ]),
  );
}

function shownFields(approval: Approval): readonly string[] {
  return approval.summaryFields.length > 0 ? approval.summaryFields : approval.editableFields;
}

/** Returns a data value for a table cell: text as it is, a missing value as `-`, anything else as JSON. */
function fieldText(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return '-';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Past-tense verbs of the audit actions, for tables. */
export const ACTION_TEXT: Record<ApprovalAuditEntry['action'], string> = { approve: 'approved', reject: 'rejected', edit: 'edited', escalate: 'escalated' };

/**
 * Renders approvals with their audit trail, one line per decision: what was done, by whom, when,
 * the changes and comment, and the run that continued the record. An undecided approval gets one
 * line with dashes.
 */
/** Returns an approval's status as people read it: a superseded pending approval shows as SUPERSEDED. */
export function approvalState(approval: Approval): string {
  return approval.status === 'PENDING' && approval.supersededByRunId !== null ? 'SUPERSEDED' : approval.status;
}

export function approvalAuditTable(approvals: readonly Approval[]): string {
  return formatTable(
    ['ID', 'NODE', 'KEY', 'STATUS', 'DECISION', 'BY', 'AT', 'COMMENT', 'CONTINUED'],
    approvals.flatMap((approval) => {
      const head = [String(approval.id), approval.nodeId, approval.recordKey ?? '-', approvalState(approval)];
      let continued = approval.continuationRunId === null ? '-' : `run ${approval.continuationRunId}`;
      if (approval.supersededByRunId !== null) {
        continued = `superseded by run ${approval.supersededByRunId}`;
      }
      if (approval.audit.length === 0) {
        return [[...head, '-', '-', '-', '-', continued]];
      }
      return approval.audit.map((entry) => [...head, ACTION_TEXT[entry.action], entry.actor, formatTime(entry.decidedAt), auditComment(entry), continued]);
    }),
  );
}

/** Returns the changes of an edit and the comment of any decision, such as `hazard.unNumber "UN1719" -> "UN1993"; typo`. */
export function auditComment(entry: Pick<ApprovalAuditEntry, 'changes' | 'comment'>): string {
  const changes = Object.entries(entry.changes ?? {}).map(([field, change]) => `${field} ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`);
  const parts = [...changes, ...(entry.comment === null ? [] : [entry.comment])];
  return parts.length === 0 ? '-' : parts.join('; ');
}

function decidesText(approval: Approval): string {
  const parts: string[] = [];
  if (approval.assignee !== null) {
    parts.push(approval.assignee);
  }
  if (approval.role !== null) {
    parts.push(`role ${approval.role}`);
  }
  if (approval.approvers.length > 0) {
    parts.push(approval.approvers.join(', '));
  }
  return parts.join('; ');
}

function describeEscalation(approval: Approval): string {
  const port = approval.status === 'REJECTED' ? 'rejected' : 'overdue';
  return `approval ${approval.id} (key ${approval.recordKey ?? '-'}) was due ${approval.dueAt ?? '-'}: escalated to port '${port}'`;
}

/** Lines reporting a continuation run and, when it settled, its parent. */
export function describeContinuation(continuation: ApprovalContinuation): string[] {
  const result = continuation.result;
  const ids = continuation.approvals.map((approval) => approval.id).join(', ');
  const lines = [`run ${result.runId} (approval of run ${continuation.parent.id}) ${result.status}${result.error === null ? '' : `: ${result.error}`}: continued approvals ${ids}`];
  if (continuation.parentStatus !== undefined) {
    lines.push(`run ${continuation.parent.id} ${continuation.parentStatus}: every approval it held is decided`);
  }
  return lines;
}

export function jsonContinuation(continuation: ApprovalContinuation): Record<string, unknown> {
  return {
    runId: continuation.result.runId,
    status: continuation.result.status,
    parentRunId: continuation.parent.id,
    approvalIds: continuation.approvals.map((approval) => approval.id),
    ...(continuation.parentStatus === undefined ? {} : { parentStatus: continuation.parentStatus }),
  };
}
