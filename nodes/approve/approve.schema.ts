import { DURATION_TEXT_PATTERN, OVERDUE_ACTIONS, Type, type Static } from '../../engine/sdk/index.js';

export const ApproveConfigSchema = Type.Object(
  {
    assignee: Type.Optional(Type.String({ minLength: 1, description: 'Person who should decide, shown in the approvals inbox.' })),
    role: Type.Optional(Type.String({ minLength: 1, description: 'Role that should decide, such as compliance, shown in the approvals inbox.' })),
    approvers: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: 'Named approvers. When set, only they may approve or reject, and approvalsRequired of them must approve.',
      }),
    ),
    approvalsRequired: Type.Optional(
      Type.Integer({ minimum: 1, default: 1, description: 'Approvals a record needs to continue on approved, 1 unless set; one rejection rejects it.' }),
    ),
    due: Type.Optional(
      Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: DURATION_TEXT_PATTERN })], {
        description: 'Time to decide, from when the record arrives: milliseconds or text such as 4h or 2d.',
      }),
    ),
    onOverdue: Type.Optional(
      Type.Union(
        OVERDUE_ACTIONS.map((action) => Type.Literal(action)),
        {
          default: 'escalate',
          description: 'When the due time passes: escalate (the default) continues the record on the overdue port, reject on rejected, wait keeps it pending.',
        },
      ),
    ),
    editableFields: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: 'Fields of the record data an approver may change with approve --edit, including the fields inside them (hazard.unNumber when hazard is listed).',
      }),
    ),
    summaryFields: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        uniqueItems: true,
        description: 'Fields of the record data that the approvals inbox shows for each record, as dotted paths such as hazard.class; the editable fields when not set.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type ApproveConfig = Static<typeof ApproveConfigSchema>;
