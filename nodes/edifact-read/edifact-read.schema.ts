import { Type, type Static } from '../../engine/sdk/index.js';

export const EdifactReadConfigSchema = Type.Object(
  {
    path: Type.String({ description: 'EDIFACT file to read, relative to the flow file.' }),
    key: Type.Optional(
      Type.String({
        pattern: '^(document-number|reference|[A-Z]{3}[0-9]{2}(\\.[0-9]+)?)$',
        description: 'Business key of each message: document-number (default: BGM02), reference (UNB05-UNH01), or an element such as RFF01.2 (tag, element, optional component).',
      }),
    ),
    controlChecks: Type.Optional(
      Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('off')], {
        description: 'UNT/UNE/UNZ count and reference mismatches: error (default) sends the affected messages to the error port, warning keeps them with a warning, off ignores them.',
      }),
    ),
    documents: Type.Optional(Type.Boolean({ description: 'Add the readable document for ORDERS, DESADV, INVOIC and PRICAT messages (default true).' })),
  },
  { additionalProperties: false },
);

export type EdifactReadConfig = Static<typeof EdifactReadConfigSchema>;
