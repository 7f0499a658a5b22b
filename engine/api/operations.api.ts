/**
 * Operators' actions on finished runs: replay dead letters (at their node or a chosen one, with
 * the original or the current flow version, optionally with edited data) and re-run a whole run.
 * Each continuation is a new run linked to its parent, whose events arrive like any run's. A call
 * returns once its runs have ended.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ApiMethodTable } from './method-table.js';
import { RunStatusSchema } from './runs.api.js';

const IdSchema = Type.Integer({ minimum: 1 });

/** The flow version a continuation runs: the one its parent ran (kept by hash), or the flow file as it is now. */
export const FlowVersionSchema = Type.Union([Type.Literal('original'), Type.Literal('current')]);

/** A run that continued another, as it ended. */
export const ContinuationRunSchema = Type.Object({
  runId: Type.Integer(),
  parentRunId: Type.Integer(),
  status: RunStatusSchema,
  error: Type.Union([Type.String(), Type.Null()]),
});
export type ContinuationRunInfo = Static<typeof ContinuationRunSchema>;

export const OPERATION_METHODS = {
  /**
   * Replays open dead letters, one run per run they came from. Without `fromNode` each continues at
   * the node where it failed. `edits` replaces the data of some of them first; each edit is kept.
   */
  replayDeadLetters: {
    request: Type.Object({
      deadLetterIds: Type.Array(IdSchema, { minItems: 1, maxItems: 10_000 }),
      fromNode: Type.Optional(Type.String({ minLength: 1 })),
      flowVersion: Type.Optional(FlowVersionSchema),
      edits: Type.Optional(Type.Array(Type.Object({ deadLetterId: IdSchema, data: Type.Record(Type.String(), Type.Unknown()) }), { maxItems: 10_000 })),
    }),
    response: Type.Object({
      runs: Type.Array(Type.Composite([ContinuationRunSchema, Type.Object({ deadLetterIds: Type.Array(Type.Integer()), edits: Type.Integer() })])),
    }),
  },
  /**
   * Runs a finished run again from its sources, on the input it read, with its parameters. It is
   * rejected when an input file changed since, unless `force` is set; `inputChanges` then
   * describes each change.
   */
  rerunRun: {
    request: Type.Object({ runId: IdSchema, flowVersion: Type.Optional(FlowVersionSchema), force: Type.Optional(Type.Boolean()) }),
    response: Type.Composite([ContinuationRunSchema, Type.Object({ inputChanges: Type.Array(Type.String()) })]),
  },
} as const satisfies ApiMethodTable;
