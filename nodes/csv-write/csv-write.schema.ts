import { DeliverySchema, Type, type Static } from '../../engine/sdk/index.js';
import { stringEnum } from '../file-common/string-enum.js';

export const CSV_WRITE_DELIMITERS = [',', ';', '\t', '|'] as const;

export const CsvColumnSchema = Type.Object(
  {
    field: Type.String({ minLength: 1, description: 'Top-level data field written in this column.' }),
    label: Type.Optional(Type.String({ description: 'Header text of the column; the field name when absent.' })),
  },
  { additionalProperties: false },
);

export const CsvWriteConfigSchema = Type.Object(
  {
    path: Type.String({
      minLength: 1,
      description:
        "File to write. A relative path resolves against the flow file's folder; missing folders are created. May contain {flow}, {node}, {date} and, for delta delivery, must contain {runId}.",
    }),
    delivery: Type.Optional(DeliverySchema),
    delimiter: Type.Optional(stringEnum(CSV_WRITE_DELIMITERS, { default: ',', description: 'Field delimiter.' })),
    columns: Type.Optional(
      Type.Array(CsvColumnSchema, {
        minItems: 1,
        description: 'Columns in order. Without it, the columns are the fields of the first record, in their order.',
      }),
    ),
    header: Type.Optional(Type.Boolean({ default: true, description: 'Write a header line with the column labels.' })),
    lineEnding: Type.Optional(stringEnum(['lf', 'crlf'], { default: 'lf', description: "Line ending: 'lf' (\\n) or 'crlf' (\\r\\n)." })),
    bom: Type.Optional(Type.Boolean({ title: 'BOM', default: false, description: 'Start a UTF-8 file with a byte order mark, which some spreadsheet programs need to detect UTF-8.' })),
    encoding: Type.Optional(
      stringEnum(['utf-8', 'windows-1252'], {
        default: 'utf-8',
        description: "'windows-1252' for older ERP imports; a record with a character it cannot encode fails and is not written.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type CsvWriteConfig = Static<typeof CsvWriteConfigSchema>;
export type CsvColumn = Static<typeof CsvColumnSchema>;
