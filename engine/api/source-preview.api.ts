/**
 * Previewing a source node while the flow is drawn: the first records it makes with its config
 * and the run panel's parameter values, and what a file reader found in its file.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FlowFileSchema } from '../flow/flow-schema.js';
import type { ApiMethodTable } from './method-table.js';
import { ParameterValueSchema } from './runs.api.js';

/** Records and errors a preview returns at most. */
export const MAX_PREVIEW_LIMIT = 200;

export const SourcePreviewSchema = Type.Object({
  nodeId: Type.String(),
  records: Type.Array(Type.Object({ key: Type.Union([Type.String(), Type.Null()]), line: Type.Optional(Type.Integer()), data: Type.Record(Type.String(), Type.Unknown()) })),
  errors: Type.Array(Type.Object({ message: Type.String(), line: Type.Optional(Type.Integer()) })),
  /** True when the source had nothing more than what is listed. */
  complete: Type.Boolean(),
  /** For file readers: the file and what its reader settled on; null for other sources. */
  file: Type.Union([
    Type.Object({
      path: Type.String(),
      format: Type.String(),
      details: Type.Object({
        encoding: Type.Optional(Type.String()),
        delimiter: Type.Optional(Type.String()),
        separators: Type.Optional(Type.Record(Type.String(), Type.String())),
        layout: Type.Optional(Type.String()),
        recordPath: Type.Optional(Type.String()),
      }),
    }),
    Type.Null(),
  ]),
});
export type SourcePreviewInfo = Static<typeof SourcePreviewSchema>;

export const SOURCE_PREVIEW_METHODS = {
  /**
   * Runs source node `nodeId` of `flow` outside a run and returns its first records and errors.
   * `path` is where the flow file lives, for relative paths; `params` are values as a run takes
   * them. Nothing is kept in the run history. A node whose config has errors is rejected.
   */
  previewSource: {
    request: Type.Object({
      flow: FlowFileSchema,
      nodeId: Type.String({ minLength: 1 }),
      path: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
      params: Type.Optional(Type.Record(Type.String(), ParameterValueSchema)),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PREVIEW_LIMIT })),
    }),
    response: SourcePreviewSchema,
  },
} as const satisfies ApiMethodTable;
