import { Type, type Static } from '../../engine/sdk/index.js';

const PartySchema = Type.Object(
  {
    qualifier: Type.String({ minLength: 1, maxLength: 2, description: 'ISA05/ISA07 id qualifier, for example ZZ (mutually defined), 01 (DUNS), 12 (phone).' }),
    id: Type.String({ minLength: 1, maxLength: 15, description: 'ISA06/ISA08 interchange id, padded to 15 characters when written.' }),
  },
  { additionalProperties: false },
);

const SeparatorCharacter = Type.String({ minLength: 1, maxLength: 1, pattern: '^[^A-Za-z0-9 \\r\\n]$' });

export const X12WriteConfigSchema = Type.Object(
  {
    path: Type.String({
      description: 'File to write, relative to the flow file. In delta mode it may contain {runId}, {flowId} and {nodeId} so each run writes its own file.',
    }),
    mode: Type.Optional(
      Type.Union([Type.Literal('snapshot'), Type.Literal('delta')], {
        description: 'snapshot (default): every run writes every set it receives. delta: a set whose key and content already reached this target is skipped.',
      }),
    ),
    sender: Type.Optional(PartySchema),
    receiver: Type.Optional(PartySchema),
    applicationSender: Type.Optional(Type.String({ minLength: 2, maxLength: 15, description: 'GS02; defaults to the record group sender code, else the sender id.' })),
    applicationReceiver: Type.Optional(Type.String({ minLength: 2, maxLength: 15, description: 'GS03; defaults to the record group receiver code, else the receiver id.' })),
    separators: Type.Optional(
      Type.Object(
        {
          element: Type.Optional(SeparatorCharacter),
          component: Type.Optional(SeparatorCharacter),
          repetition: Type.Optional(SeparatorCharacter),
          segment: Type.Optional(SeparatorCharacter),
          lineBreak: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('lf'), Type.Literal('crlf')], { description: 'What follows each segment terminator (default lf).' })),
        },
        { additionalProperties: false, description: 'Defaults: element *, component >, repetition ^, segment ~.' },
      ),
    ),
    version: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', description: 'ISA12 interchange version (default 00401).' })),
    groupVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 12, description: 'GS08 version; defaults to the record group version, else 004010.' })),
    usage: Type.Optional(Type.Union([Type.Literal('P'), Type.Literal('T')], { description: "ISA15: P production or T test. Without it, a record's interchange.usage carries over (the 997 of a test interchange is marked as a test too), else P." })),
    acknowledgmentRequested: Type.Optional(Type.Boolean({ description: 'ISA14: ask the receiver for an interchange acknowledgment (default false).' })),
    controlNumbers: Type.Optional(
      Type.Object(
        {
          start: Type.Optional(Type.Integer({ minimum: 1, maximum: 999999999, description: 'First interchange, group and set number when there is no counter file (default 1).' })),
          counterFile: Type.Optional(Type.String({ minLength: 1, description: 'JSON file that keeps the next control numbers between runs, relative to the flow file.' })),
        },
        { additionalProperties: false },
      ),
    ),
    setControlNumbers: Type.Optional(
      Type.Union([Type.Literal('generate'), Type.Literal('keep')], {
        description: 'generate (default) numbers sets anew; keep writes each record ST02 (controlNumber) as it is.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type X12WriteConfig = Static<typeof X12WriteConfigSchema>;
