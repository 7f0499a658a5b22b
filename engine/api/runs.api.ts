/** Runs: start one with parameters, cancel it, and read the history, step samples and dead letters. */
import { Type, type Static, type TLiteral } from '@sinclair/typebox';
import { ERROR_KINDS } from '../errors.js';
import { FlowFileSchema } from '../flow/flow-schema.js';
import { RUN_REASONS, RUN_STATUSES, STEP_STATUSES } from '../statuses.js';
import type { ApiMethodTable } from './method-table.js';

function literals<T extends string>(values: readonly T[]): TLiteral<T>[] {
  return values.map((value) => Type.Literal(value));
}

export const RunStatusSchema = Type.Union(literals(RUN_STATUSES));
export const StepStatusSchema = Type.Union(literals(STEP_STATUSES));

const RunIdSchema = Type.Integer({ minimum: 1 });
const IsoTimeSchema = Type.String();
const NullableTime = Type.Union([IsoTimeSchema, Type.Null()]);

export const RecordOriginSchema = Type.Object({
  node: Type.String(),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  index: Type.Integer(),
});

export const RecordErrorSchema = Type.Object({
  field: Type.Optional(Type.String()),
  rule: Type.String(),
  message: Type.String(),
  node: Type.Optional(Type.String()),
});

export const FlowRecordSchema = Type.Object({
  key: Type.Union([Type.String(), Type.Null()]),
  origin: RecordOriginSchema,
  data: Type.Record(Type.String(), Type.Unknown()),
  errors: Type.Optional(Type.Array(RecordErrorSchema)),
  decision: Type.Optional(
    Type.Object({
      approvalId: Type.Integer(),
      nodeId: Type.String(),
      outcome: Type.Union([Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('overdue')]),
      decidedBy: Type.Optional(Type.Array(Type.String())),
      decidedAt: Type.Optional(IsoTimeSchema),
      comment: Type.Optional(Type.String()),
    }),
  ),
});

export const RunSummarySchema = Type.Object({
  id: Type.Integer(),
  flowId: Type.String(),
  flowName: Type.String(),
  flowHash: Type.String(),
  flowPath: Type.Union([Type.String(), Type.Null()]),
  status: RunStatusSchema,
  reason: Type.Union(literals(RUN_REASONS)),
  parentRunId: Type.Union([Type.Integer(), Type.Null()]),
  rootRunId: Type.Integer(),
  params: Type.Record(Type.String(), Type.Unknown()),
  trigger: Type.Array(
    Type.Object({
      nodeId: Type.String(),
      path: Type.Optional(Type.String()),
      sha256: Type.Optional(Type.String()),
      size: Type.Optional(Type.Number()),
      role: Type.Optional(Type.Literal('lookup')),
    }),
  ),
  startedAt: IsoTimeSchema,
  finishedAt: NullableTime,
  error: Type.Union([Type.String(), Type.Null()]),
  openDeadLetters: Type.Integer(),
  host: Type.String(),
  pid: Type.Integer(),
});
export type RunInfo = Static<typeof RunSummarySchema>;

export const StepSummarySchema = Type.Object({
  runId: Type.Integer(),
  nodeId: Type.String(),
  nodeType: Type.String(),
  status: StepStatusSchema,
  recordsIn: Type.Integer(),
  outputs: Type.Record(Type.String(), Type.Integer()),
  errors: Type.Integer(),
  unchanged: Type.Integer(),
  held: Type.Integer(),
  startedAt: NullableTime,
  finishedAt: NullableTime,
  durationMs: Type.Union([Type.Number(), Type.Null()]),
});
export type StepInfo = Static<typeof StepSummarySchema>;

export const DeadLetterSchema = Type.Object({
  id: Type.Integer(),
  runId: Type.Integer(),
  flowId: Type.String(),
  nodeId: Type.String(),
  recordKey: Type.Union([Type.String(), Type.Null()]),
  origin: RecordOriginSchema,
  record: FlowRecordSchema,
  errorKind: Type.Union(literals(ERROR_KINDS)),
  errorMessage: Type.String(),
  attempts: Type.Integer(),
  createdAt: IsoTimeSchema,
  resolvedAt: NullableTime,
  resolvedByRunId: Type.Union([Type.Integer(), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
  replayedByRunId: Type.Union([Type.Integer(), Type.Null()]),
});
export type DeadLetterInfo = Static<typeof DeadLetterSchema>;

/** A parameter value given for one run; converted to the parameter's declared type by the engine. */
export const ParameterValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const RUN_METHODS = {
  /**
   * Starts a run of `flow` and returns its id as soon as the run exists; progress arrives as run
   * events. `path` is the flow file the document belongs to: relative paths in its configs resolve
   * against that file's folder, else against the workspace folder. A flow with errors is rejected.
   */
  startRun: {
    request: Type.Object({
      flow: FlowFileSchema,
      path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
      params: Type.Optional(Type.Record(Type.String(), ParameterValueSchema)),
    }),
    response: Type.Object({ runId: RunIdSchema }),
  },
  /** Cancels a run this host started. `cancelled` is false when the run is not running here. */
  cancelRun: {
    request: Type.Object({ runId: RunIdSchema }),
    response: Type.Object({ cancelled: Type.Boolean() }),
  },
  /**
   * The runs this host is running now, oldest first, so a designer that reloads finds the run it
   * started. `path` keeps only the runs started from that flow file.
   */
  listActiveRuns: {
    request: Type.Object({ path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) }),
    response: Type.Object({ runs: Type.Array(RunSummarySchema) }),
  },
  /** Runs, newest first. */
  listRuns: {
    request: Type.Object({ flowId: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
    response: Type.Object({ runs: Type.Array(RunSummarySchema) }),
  },
  /** A run with its steps, and the nodes of the flow version it ran (empty when that version is no longer kept). */
  getRun: {
    request: Type.Object({ runId: RunIdSchema }),
    response: Type.Object({
      run: RunSummarySchema,
      steps: Type.Array(StepSummarySchema),
      nodes: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() })),
    }),
  },
  /** The sample of records a step sent on each of its output ports, for previews; ports that sent nothing are left out. */
  getStepSamples: {
    request: Type.Object({ runId: RunIdSchema, nodeId: Type.String({ minLength: 1 }) }),
    response: Type.Object({ samples: Type.Record(Type.String(), Type.Array(FlowRecordSchema)) }),
  },
  /** Open dead letters, oldest first; resolved ones too when `includeResolved` is set. */
  listDeadLetters: {
    request: Type.Object({
      runId: Type.Optional(RunIdSchema),
      flowId: Type.Optional(Type.String()),
      nodeId: Type.Optional(Type.String()),
      includeResolved: Type.Optional(Type.Boolean()),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    }),
    response: Type.Object({ deadLetters: Type.Array(DeadLetterSchema) }),
  },
} as const satisfies ApiMethodTable;
