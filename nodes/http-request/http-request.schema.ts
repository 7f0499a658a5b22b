import { Type, type Static } from '../../engine/sdk/index.js';

const ExpressionSchema = Type.Object({ expression: Type.String({ minLength: 1, description: 'JSONata expression evaluated against the record.' }) }, { additionalProperties: false });

/** A constant text, or an expression computed per record. */
const textValue = (description?: string) => Type.Union([Type.String(), ExpressionSchema], description === undefined ? {} : { description });

/** A constant query parameter value, or an expression; a null or missing result leaves the parameter out. */
const QueryValueSchema = Type.Union([Type.String(), Type.Number(), Type.Boolean(), ExpressionSchema]);

/** A duration as milliseconds, or text such as `500ms`, `2s`, `1.5m`. */
const DurationSchema = Type.Union([Type.Number({ minimum: 0 }), Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$' })]);

/** Credentials are plain strings here because the runtime resolves `{ "$secret": ... }` references before the node starts; flow files give them as such references. */
export const HttpAuthSchema = Type.Union([
  Type.Object({ type: Type.Literal('basic'), username: Type.String(), password: Type.String() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('bearer'), token: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('apiKey'),
      name: Type.String({ minLength: 1, description: 'Header or query parameter name, such as X-API-Key.' }),
      value: Type.String({ minLength: 1 }),
      in: Type.Union([Type.Literal('header'), Type.Literal('query')]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('oauth2'),
      tokenUrl: Type.String({ minLength: 1, description: 'Token endpoint for the client credentials grant.' }),
      clientId: Type.String({ minLength: 1 }),
      clientSecret: Type.String({ minLength: 1 }),
      scope: Type.Optional(Type.String()),
      audience: Type.Optional(Type.String()),
      clientAuthentication: Type.Optional(
        Type.Union([Type.Literal('basic'), Type.Literal('body')], { description: 'basic (default): client id and secret in an Authorization header. body: in the form.' }),
      ),
    },
    { additionalProperties: false },
  ),
]);

export const PaginationSchema = Type.Union([
  Type.Object({ type: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('page'),
      parameter: Type.String({ minLength: 1, description: 'Query parameter of the page number, such as page.' }),
      start: Type.Optional(Type.Integer({ minimum: 0, description: 'First page number (default 1).' })),
      sizeParameter: Type.Optional(Type.String({ minLength: 1, description: 'Query parameter of the page size, such as per_page.' })),
      size: Type.Optional(Type.Integer({ minimum: 1, description: 'Page size sent in sizeParameter; a shorter page is the last one.' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('cursor'),
      parameter: Type.String({ minLength: 1, description: 'Query parameter that carries the cursor, such as cursor.' }),
      cursorPath: Type.String({ minLength: 1, description: 'Dotted path of the next cursor in the response, such as meta.next; empty or missing ends the pages.' }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('link') }, { additionalProperties: false, description: 'Follow the Link header’s rel="next" URL.' }),
]);

export const HttpRequestConfigSchema = Type.Object(
  {
    role: Type.Union([Type.Literal('source'), Type.Literal('enrich'), Type.Literal('sink')], {
      description: 'source: fetch pages and emit their records. enrich: call per record and merge the response into it. sink: send each record.',
    }),
    method: Type.Optional(textValue('GET, POST, PUT, PATCH or DELETE (default GET; POST for a sink).')),
    url: textValue('Absolute http or https URL.'),
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), textValue())),
    query: Type.Optional(Type.Record(Type.String({ minLength: 1 }), QueryValueSchema)),
    body: Type.Optional(
      Type.Union([ExpressionSchema, Type.Object({ value: Type.Unknown() }, { additionalProperties: false })], {
        description: 'Request body: an expression or a constant value. A sink sends the record’s data when it is absent.',
      }),
    ),
    bodyFormat: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('form')], { description: 'json (default) or form (application/x-www-form-urlencoded).' })),
    auth: Type.Optional(HttpAuthSchema),
    timeout: Type.Optional(DurationSchema),
    maxResponseBytes: Type.Optional(Type.Integer({ minimum: 1, description: 'Largest response body read, in bytes (default 10 MiB).' })),
    rateLimit: Type.Optional(
      Type.Object(
        {
          requestsPerSecond: Type.Number({ exclusiveMinimum: 0 }),
          burst: Type.Optional(Type.Integer({ minimum: 1, description: 'Requests allowed at once after a pause (default: one second’s worth, at least 1).' })),
        },
        { additionalProperties: false },
      ),
    ),
    recordsPath: Type.Optional(Type.String({ description: 'source: dotted path of the list of records in the response; empty for a response that is the list.' })),
    keyField: Type.Optional(Type.String({ minLength: 1, description: 'source: dotted path of each record’s business key.' })),
    pagination: Type.Optional(PaginationSchema),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, description: 'source: pages fetched at most (default 10000); reaching it fails the run rather than losing records.' })),
    target: Type.Optional(Type.String({ description: 'enrich: dotted path that receives the response; empty merges a response object into the record.' })),
    responsePath: Type.Optional(Type.String({ description: 'enrich: dotted path of the part of the response to keep.' })),
    concurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, description: 'enrich and sink: requests in flight at once within a batch (default 4).' })),
    idempotencyHeader: Type.Optional(Type.String({ description: 'sink: header that carries the business key (default Idempotency-Key); empty sends none.' })),
    skipUnchanged: Type.Optional(Type.Boolean({ description: 'sink: skip a record whose key and content this endpoint already received (default true).' })),
  },
  { additionalProperties: false },
);

export type HttpRequestConfig = Static<typeof HttpRequestConfigSchema>;
export type HttpAuth = Static<typeof HttpAuthSchema>;
export type Pagination = Static<typeof PaginationSchema>;
