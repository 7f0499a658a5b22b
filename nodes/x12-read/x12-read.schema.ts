import { Type, type Static } from '../../engine/sdk/index.js';

export const X12ReadConfigSchema = Type.Object(
  {
    path: Type.String({ description: 'X12 file to read, relative to the flow file.' }),
    key: Type.Optional(
      Type.String({
        pattern: '^(document-number|control-number|[A-Z][A-Z0-9]{1,2}[0-9]{2})$',
        description:
          'Business key of each transaction set: document-number (default: BEG03 for 850, BAK03 for 855, BSN02 for 856, BIG02 for 810, BIA03 for 846, BCT02 for 832, AK102 for 997), control-number (ISA13-GS06-ST02), or an element reference such as REF02.',
      }),
    ),
    controlChecks: Type.Optional(
      Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('off')], {
        description: 'Control number and count mismatches: error (default) sends the affected sets to the error port, warning keeps them with a warning, off ignores them.',
      }),
    ),
    documents: Type.Optional(Type.Boolean({ description: 'Add the readable document for 850, 855, 856, 810, 846, 832 and 997 sets (default true).' })),
  },
  { additionalProperties: false },
);

export type X12ReadConfig = Static<typeof X12ReadConfigSchema>;
