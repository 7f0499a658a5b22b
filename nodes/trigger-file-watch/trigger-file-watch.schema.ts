import { Type, type Static } from '../../engine/sdk/index.js';

/** A duration: milliseconds, or a number with ms, s, m or h. */
const DurationSchema = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$' })], { description });

export const FileWatchConfigSchema = Type.Object(
  {
    folder: Type.String({ minLength: 1, description: "Folder to watch; a relative path resolves against the flow file's folder." }),
    pattern: Type.Optional(Type.String({ minLength: 1, description: 'Glob of the file names to take, such as *.edi or *.{edi,x12}; default *.' })),
    parameter: Type.String({ minLength: 1, description: "The flow parameter that receives each file's path." }),
    doneFolder: Type.Optional(
      Type.String({ minLength: 1, description: 'Where a file goes after its run COMPLETED or COMPLETED_WITH_ERRORS; relative to the watched folder; default done.' }),
    ),
    failedFolder: Type.Optional(Type.String({ minLength: 1, description: 'Where a file goes after its run FAILED; relative to the watched folder; default failed.' })),
    pollInterval: Type.Optional(DurationSchema('How often the folder is listed; default 5s.')),
    settleTime: Type.Optional(DurationSchema('A file counts as new once its size has not changed for this long; default 2s.')),
  },
  { additionalProperties: false },
);

export type FileWatchConfig = Static<typeof FileWatchConfigSchema>;
