import { Type, type Static } from '../../engine/sdk/index.js';

export const X12AckConfigSchema = Type.Object(
  {
    skipAcknowledgments: Type.Optional(
      Type.Boolean({ description: 'Leave received 997 sets unacknowledged, as X12 expects (default true). False acknowledges them too.' }),
    ),
  },
  { additionalProperties: false },
);

export type X12AckConfig = Static<typeof X12AckConfigSchema>;
