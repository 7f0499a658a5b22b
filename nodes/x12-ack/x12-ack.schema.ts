import { Type, type Static } from '../../engine/sdk/index.js';

export const X12AckConfigSchema = Type.Object(
  {
    skipAcknowledgments: Type.Optional(
      Type.Boolean({ description: 'Leave received 997 sets unacknowledged, as X12 expects (default true). False acknowledges them too.' }),
    ),
    interchangeAcknowledgment: Type.Optional(
      Type.Union([Type.Literal('requested-or-rejected'), Type.Literal('requested'), Type.Literal('never')], {
        description:
          'When to build a TA1 interchange acknowledgment for a received interchange: requested-or-rejected (default) when its ISA14 is 1 or the reader rejected it for an IEA problem, requested only when ISA14 is 1, never.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type X12AckConfig = Static<typeof X12AckConfigSchema>;
