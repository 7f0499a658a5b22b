/**
 * Approvals and their audit trail in the SQLite run store.
 */
import type { FlowRecord } from '../records.js';
import type { ApprovalStatus, RunStatus } from '../statuses.js';
import type { OverdueAction } from '../sdk/node-kind.js';
import type { AddedApprovals, Approval, ApprovalAuditEntry, ApprovalChange, ApprovalFilter, NewApproval } from './approval-store.js';
import { now, type SqliteAccess } from './sqlite-access.js';
import { InternalError } from '../errors.js';

interface ApprovalRow {
  id: number;
  run_id: number;
  root_run_id: number;
  flow_id: string;
  flow_hash: string;
  node_id: string;
  record_key: string | null;
  content_hash: string;
  record: string;
  assignee: string | null;
  role: string | null;
  approvers: string;
  approvals_required: number;
  editable_fields: string;
  summary_fields: string;
  due_at: string | null;
  on_overdue: OverdueAction;
  status: ApprovalStatus;
  created_at: string;
  decided_at: string | null;
  continuation_run_id: number | null;
  superseded_by_run_id: number | null;
}

interface AuditRow {
  action: ApprovalAuditEntry['action'];
  actor: string;
  changes: string | null;
  comment: string | null;
  decided_at: string;
}

interface EarlierApprovalRow {
  id: number;
  run_id: number;
  root_run_id: number;
  status: ApprovalStatus;
}

/** Statuses of a continuation run after which its records must be continued again. */
const UNFINISHED_CONTINUATION = "('INTERRUPTED', 'FAILED', 'CANCELLED')";

export class SqliteApprovals {
  constructor(private readonly access: SqliteAccess) {}

  add(approvals: readonly NewApproval[]): AddedApprovals {
    const { db } = this.access;
    const earlier = db.prepare(
      `SELECT id, run_id, root_run_id, status FROM approvals
       WHERE flow_id = ? AND node_id = ? AND record_key = ? AND content_hash = ? AND superseded_by_run_id IS NULL ORDER BY id DESC`,
    );
    const insert = db.prepare(
      `INSERT INTO approvals (run_id, root_run_id, flow_id, flow_hash, node_id, record_key, content_hash, record, assignee, role, approvers,
                              approvals_required, editable_fields, summary_fields, due_at, on_overdue, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)`,
    );
    const supersede = db.prepare(
      `UPDATE approvals SET superseded_by_run_id = ?
       WHERE flow_id = ? AND node_id = ? AND record_key = ? AND content_hash <> ? AND run_id <> ?
         AND status = 'PENDING' AND superseded_by_run_id IS NULL
       RETURNING run_id`,
    );
    const createdAt = now();
    const result: AddedApprovals = { added: 0, skipped: 0, decided: new Map() };
    this.access.write(() => {
      const roots = new Map<number, number>();
      const supersededRuns = new Set<number>();
      approvals.forEach((approval, index) => {
        let root = roots.get(approval.runId);
        if (root === undefined) {
          root = (db.prepare('SELECT root_run_id FROM runs WHERE id = ?').pluck().get(approval.runId) as number | null | undefined) ?? approval.runId;
          roots.set(approval.runId, root);
        }
        const key = approval.record.key;
        if (key !== null) {
          for (const row of supersede.all(approval.runId, approval.flowId, approval.nodeId, key, approval.contentHash, approval.runId) as { run_id: number }[]) {
            supersededRuns.add(row.run_id);
          }
          const rows = earlier.all(approval.flowId, approval.nodeId, key, approval.contentHash) as EarlierApprovalRow[];
          const decision = rows.find((row) => row.status === 'APPROVED' || row.status === 'REJECTED');
          if (decision !== undefined) {
            result.decided.set(index, this.get(decision.id) as Approval);
            return;
          }
          if (rows.some((row) => row.run_id !== approval.runId && (row.status === 'PENDING' || row.root_run_id === root))) {
            result.skipped++;
            return;
          }
        }
        insert.run(
          approval.runId,
          root,
          approval.flowId,
          approval.flowHash,
          approval.nodeId,
          key,
          approval.contentHash,
          JSON.stringify(approval.record),
          approval.assignee,
          approval.role,
          JSON.stringify(approval.approvers),
          approval.approvalsRequired,
          JSON.stringify(approval.editableFields),
          JSON.stringify(approval.summaryFields),
          approval.dueAt,
          approval.onOverdue,
          createdAt,
        );
        result.added++;
      });
      for (const runId of supersededRuns) {
        this.settleWaitingRun(runId);
      }
    });
    return result;
  }

  get(id: number): Approval | undefined {
    const row = this.access.db.prepare('SELECT * FROM approvals WHERE id = ?').get(id) as ApprovalRow | undefined;
    return row === undefined ? undefined : this.toApproval(row);
  }

  list(filter: ApprovalFilter = {}): Approval[] {
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (filter.statuses !== undefined) {
      // A superseded approval keeps the status PENDING, but no decision is expected.
      conditions.push("status IN (SELECT value FROM json_each(?)) AND NOT (status = 'PENDING' AND superseded_by_run_id IS NOT NULL)");
      values.push(JSON.stringify(filter.statuses));
    }
    if (filter.runId !== undefined) {
      conditions.push('run_id = ?');
      values.push(filter.runId);
    }
    if (filter.flowId !== undefined) {
      conditions.push('flow_id = ?');
      values.push(filter.flowId);
    }
    if (filter.recordKey !== undefined) {
      conditions.push('record_key = ?');
      values.push(filter.recordKey);
    }
    if (filter.ids !== undefined) {
      conditions.push('id IN (SELECT value FROM json_each(?))');
      values.push(JSON.stringify(filter.ids));
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.access.db.prepare(`SELECT * FROM approvals ${where} ORDER BY id`).all(...values) as ApprovalRow[];
    return rows.map((row) => this.toApproval(row));
  }

  decide(id: number, decide: (approval: Approval) => ApprovalChange): Approval {
    const { db } = this.access;
    return this.access.write(() => {
      const before = this.get(id);
      if (before === undefined) {
        throw new InternalError(`approval ${id} does not exist in the run history`);
      }
      const change = decide(before);
      const decidedAt = now();
      db.prepare('UPDATE approvals SET status = ?, record = ?, decided_at = ? WHERE id = ?').run(
        change.status,
        JSON.stringify(change.record ?? before.record),
        change.status === 'PENDING' ? null : decidedAt,
        id,
      );
      db.prepare('INSERT INTO approval_decisions (approval_id, action, actor, changes, comment, decided_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        id,
        change.audit.action,
        change.audit.actor,
        change.audit.changes === null ? null : JSON.stringify(change.audit.changes),
        change.audit.comment,
        decidedAt,
      );
      return this.get(id) as Approval;
    });
  }

  claim(ids: readonly number[], runId: number): void {
    const statement = this.access.db.prepare("UPDATE approvals SET continuation_run_id = ? WHERE id = ? AND status <> 'PENDING'");
    this.access.write(() => {
      for (const id of ids) {
        statement.run(runId, id);
      }
    });
  }

  listUncontinued(): Approval[] {
    const rows = this.access.db
      .prepare(
        `SELECT approvals.* FROM approvals LEFT JOIN runs ON runs.id = approvals.continuation_run_id
         WHERE approvals.status <> 'PENDING'
           AND (approvals.continuation_run_id IS NULL OR runs.id IS NULL OR runs.status IN ${UNFINISHED_CONTINUATION})
         ORDER BY approvals.id`,
      )
      .all() as ApprovalRow[];
    return rows.map((row) => this.toApproval(row));
  }

  settleWaitingRun(runId: number): RunStatus | undefined {
    const { db } = this.access;
    return this.access.write(() => {
      const status = db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as RunStatus | undefined;
      if (status !== 'WAITING') {
        return undefined;
      }
      const unsettled = db
        .prepare(
          `SELECT COUNT(*) FROM approvals LEFT JOIN runs continuation ON continuation.id = approvals.continuation_run_id
           WHERE approvals.run_id = ? AND approvals.superseded_by_run_id IS NULL
             AND (approvals.status = 'PENDING' OR approvals.continuation_run_id IS NULL OR continuation.id IS NULL
                  OR continuation.status IN ('RUNNING', 'QUEUED') OR continuation.status IN ${UNFINISHED_CONTINUATION})`,
        )
        .pluck()
        .get(runId) as number;
      if (unsettled > 0) {
        return undefined;
      }
      const openDeadLetters = db.prepare('SELECT COUNT(*) FROM dead_letters WHERE run_id = ? AND resolved_at IS NULL').pluck().get(runId) as number;
      const settled: RunStatus = openDeadLetters > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED';
      db.prepare('UPDATE runs SET status = ? WHERE id = ?').run(settled, runId);
      // The approve steps waited for the decisions, which are all made now.
      db.prepare("UPDATE steps SET status = 'COMPLETED' WHERE run_id = ? AND status = 'WAITING'").run(runId);
      return settled;
    });
  }

  private toApproval(row: ApprovalRow): Approval {
    const audit = this.access.db
      .prepare('SELECT action, actor, changes, comment, decided_at FROM approval_decisions WHERE approval_id = ? ORDER BY id')
      .all(row.id) as AuditRow[];
    return {
      id: row.id,
      runId: row.run_id,
      rootRunId: row.root_run_id,
      flowId: row.flow_id,
      flowHash: row.flow_hash,
      nodeId: row.node_id,
      recordKey: row.record_key,
      contentHash: row.content_hash,
      record: JSON.parse(row.record) as FlowRecord,
      assignee: row.assignee,
      role: row.role,
      approvers: JSON.parse(row.approvers) as string[],
      approvalsRequired: row.approvals_required,
      editableFields: JSON.parse(row.editable_fields) as string[],
      summaryFields: JSON.parse(row.summary_fields) as string[],
      dueAt: row.due_at,
      onOverdue: row.on_overdue,
      status: row.status,
      createdAt: row.created_at,
      decidedAt: row.decided_at,
      continuationRunId: row.continuation_run_id,
      supersededByRunId: row.superseded_by_run_id,
      audit: audit.map((entry) => ({
        action: entry.action,
        actor: entry.actor,
        changes: entry.changes === null ? null : (JSON.parse(entry.changes) as ApprovalAuditEntry['changes']),
        comment: entry.comment,
        decidedAt: entry.decided_at,
      })),
    };
  }
}
