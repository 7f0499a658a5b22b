/**
 * The approve node: records that reach it wait for people. It stores each record as a pending
 * approval and emits nothing, so the run ends WAITING. When the approval is decided, the decision
 * continues the record in a new run that feeds it back into this node with `record.decision`
 * set, and the node sends it on the port named by the outcome. A record with the same key and
 * content as one already approved or rejected here, in any run of the flow, is not held again:
 * it goes on at once with that decision, so every run's outputs hold all decided records.
 */
import { defineNodeKind, describeInvalidFieldPath, durationToMs, type ConfigProblem, type FlowRecord } from '../../engine/sdk/index.js';
import { ApproveConfigSchema, type ApproveConfig } from './approve.schema.js';

export const APPROVE_PORTS = ['approved', 'rejected', 'overdue'] as const;

export const approveNode = defineNodeKind({
  type: 'approve',
  version: 1,
  category: 'approve',
  title: 'Approve',
  description: 'Holds each record until people approve or reject it; the run waits without holding a process.',
  configSchema: ApproveConfigSchema,
  defaultConfig: { role: 'approver' },
  hasInput: true,
  outputs: () => [...APPROVE_PORTS],
  check: checkApproveConfig,
  create(config, context) {
    const dueInMs = config.due === undefined ? undefined : durationToMs(config.due, 'due');
    return {
      async process(batch, out) {
        const waiting: FlowRecord[] = [];
        for (const record of batch) {
          if (record.decision?.nodeId === context.nodeId) {
            out.emit(record.decision.outcome, record);
          } else {
            waiting.push(record);
          }
        }
        if (waiting.length === 0) {
          return;
        }
        const decidedBefore = await context.holdForApproval(waiting, {
          ...(config.assignee === undefined ? {} : { assignee: config.assignee }),
          ...(config.role === undefined ? {} : { role: config.role }),
          ...(config.approvers === undefined ? {} : { approvers: config.approvers }),
          approvalsRequired: config.approvalsRequired ?? 1,
          ...(config.editableFields === undefined ? {} : { editableFields: config.editableFields }),
          ...(config.summaryFields === undefined ? {} : { summaryFields: config.summaryFields }),
          ...(dueInMs === undefined ? {} : { dueInMs }),
          onOverdue: config.onOverdue ?? 'escalate',
        });
        for (const record of decidedBefore) {
          if (record.decision !== undefined) {
            out.emit(record.decision.outcome, record);
          }
        }
      },
    };
  },
});

function checkApproveConfig(config: ApproveConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.assignee === undefined && config.role === undefined && config.approvers === undefined) {
    problems.push({ field: '', message: 'set assignee, role or approvers, so that the approvals inbox shows who decides' });
  }
  const required = config.approvalsRequired ?? 1;
  if (config.approvers !== undefined && required > config.approvers.length) {
    problems.push({
      field: 'approvalsRequired',
      message: `${required} approvals are required but only ${config.approvers.length} approvers are named; name more approvers or require fewer`,
    });
  }
  if (config.onOverdue === 'reject' && config.due === undefined) {
    problems.push({ field: 'onOverdue', message: "'reject' needs a due time; set due, such as 2d" });
  }
  for (const name of ['editableFields', 'summaryFields'] as const) {
    (config[name] ?? []).forEach((path, index) => {
      const invalid = describeInvalidFieldPath(path);
      if (invalid !== undefined) {
        problems.push({ field: `${name}.${index}`, message: invalid });
      }
    });
  }
  return problems;
}
