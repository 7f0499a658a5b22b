import { Type, type Static } from '../../engine/sdk/index.js';
import { stringEnum } from '../file-common/string-enum.js';
import { TEXT_ENCODINGS } from '../file-common/text-decoding.js';

export const JSON_READ_FORMATS = ['auto', 'array', 'jsonl'] as const;

export const JsonReadConfigSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: "JSON file to read. A relative path resolves against the flow file's folder." }),
    format: Type.Optional(
      stringEnum(JSON_READ_FORMATS, {
        default: 'auto',
        description: "'array': one JSON array of objects. 'jsonl': JSON Lines, one object per line. 'auto': '[' as the first character means array, '{' means JSON Lines.",
      }),
    ),
    keyField: Type.Optional(
      Type.String({ minLength: 1, description: "Field that contains the business key; a dotted path such as 'item.sku' reaches into nested objects." }),
    ),
    encoding: Type.Optional(
      stringEnum(['auto', ...TEXT_ENCODINGS], {
        default: 'auto',
        description: "'auto': a byte order mark decides between UTF-8 and UTF-16; otherwise UTF-8 when the file is valid UTF-8 or mostly so (invalid bytes then fail their rows), else Windows-1252.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type JsonReadConfig = Static<typeof JsonReadConfigSchema>;
