/** Flow files in the workspace folder: list, open, save, and validate a document while it is drawn. */
import { Type, type Static } from '@sinclair/typebox';
import { FlowFileSchema } from '../flow/flow-schema.js';
import type { ApiMethodTable } from './method-table.js';

export const FlowProblemSchema = Type.Object({
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  nodeId: Type.Optional(Type.String()),
  /** Dotted path, relative to the node when `nodeId` is set (`config.fields.0.expression`). */
  field: Type.Optional(Type.String()),
  edgeIndex: Type.Optional(Type.Integer()),
  message: Type.String(),
});
export type FlowProblemInfo = Static<typeof FlowProblemSchema>;

export const FlowFileInfoSchema = Type.Object({
  /** Path relative to the workspace folder, with `/` separators. */
  path: Type.String(),
  /** Flow id and name read from the file, or null when the file is not a readable flow. */
  id: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  modifiedAt: Type.String(),
  size: Type.Integer(),
});
export type FlowFileInfo = Static<typeof FlowFileInfoSchema>;

/** A path inside the workspace: relative to it, or absolute where the host allows paths outside it (desktop). */
const FlowPathSchema = Type.String({ minLength: 1, maxLength: 4096 });

export const FLOW_METHODS = {
  listFlows: {
    request: Type.Object({}),
    response: Type.Object({ workspace: Type.String(), flows: Type.Array(FlowFileInfoSchema) }),
  },
  /**
   * Reads a flow file. A file that is not valid JSON or not a valid flow still opens: `flow` is
   * null when it cannot be read as a flow at all, and `text` always holds the file as it is.
   */
  openFlow: {
    request: Type.Object({ path: FlowPathSchema }),
    response: Type.Object({
      path: Type.String(),
      text: Type.String(),
      flow: Type.Union([FlowFileSchema, Type.Null()]),
      problems: Type.Array(FlowProblemSchema),
    }),
  },
  /**
   * Writes the flow's canonical text. Problems do not stop a save (a flow may be saved half
   * drawn); they come back so the caller can show them. `createOnly` refuses to replace a file.
   */
  saveFlow: {
    request: Type.Object({ path: FlowPathSchema, flow: FlowFileSchema, createOnly: Type.Optional(Type.Boolean()) }),
    response: Type.Object({ path: Type.String(), problems: Type.Array(FlowProblemSchema) }),
  },
  /**
   * Checks a flow document as `flowmason validate` checks a file. `path` is where the document
   * lives or will live, so relative file paths in configs resolve as they will at run time.
   * `outputs` lists each node's output ports for its current config, `error` included.
   */
  validateFlow: {
    request: Type.Object({ flow: Type.Unknown(), path: Type.Optional(FlowPathSchema) }),
    response: Type.Object({
      valid: Type.Boolean(),
      problems: Type.Array(FlowProblemSchema),
      outputs: Type.Record(Type.String(), Type.Array(Type.String())),
    }),
  },
} as const satisfies ApiMethodTable;
