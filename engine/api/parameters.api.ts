/**
 * Parameter files for the run panel: `*.params.json` files of `{ "name": value }`, one per
 * environment or data layout, as `flowmason run --params` reads them.
 */
import { Type } from '@sinclair/typebox';
import { FlowFileSchema } from '../flow/flow-schema.js';
import type { ApiMethodTable } from './method-table.js';
import { ParameterValueSchema } from './runs.api.js';

const FilePathSchema = Type.String({ minLength: 1, maxLength: 4096 });

export const PARAMETER_METHODS = {
  /**
   * Lists the parameter files in the workspace folder and beside the flow file at `flowPath`, as
   * paths the host accepts in {@link readParameterFile}: relative to the workspace where possible.
   */
  listParameterFiles: {
    request: Type.Object({ flowPath: Type.Optional(FilePathSchema) }),
    response: Type.Object({ files: Type.Array(Type.String()) }),
  },
  /**
   * Reads a parameter file for `flow`. Relative values of `path` parameters resolve against the
   * file's folder, so `values` contains absolute paths for them. Names the flow does not declare
   * are left out of `values` and listed in `undeclared`.
   */
  readParameterFile: {
    request: Type.Object({ path: FilePathSchema, flow: FlowFileSchema }),
    response: Type.Object({
      path: Type.String(),
      values: Type.Record(Type.String(), ParameterValueSchema),
      undeclared: Type.Array(Type.String()),
    }),
  },
} as const satisfies ApiMethodTable;
