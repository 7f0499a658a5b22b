import { DeliverySchema, Type, type Static } from '../../engine/sdk/index.js';
import { stringEnum } from '../file-common/string-enum.js';

export const JsonWriteConfigSchema = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      description:
        "File to write. A relative path resolves against the flow file's folder; missing folders are created. May contain {flow}, {node}, {date} and, for delta delivery, must contain {runId}.",
    }),
    delivery: Type.Optional(DeliverySchema),
    format: Type.Optional(
      stringEnum(['jsonl', 'array'], {
        default: 'jsonl',
        description: "'jsonl': JSON Lines, one record per line. 'array': one JSON array, one record per line inside it.",
      }),
    ),
    include: Type.Optional(
      stringEnum(['data', 'envelope'], {
        default: 'data',
        description: "'data': the record's data only. 'envelope': {key, origin, data, errors}, which keeps each record's file, line and broken rules, as an exceptions file needs, and the approval decision (outcome, who, when, comment) of records that passed an approve node.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type JsonWriteConfig = Static<typeof JsonWriteConfigSchema>;
