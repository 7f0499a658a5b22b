import { defineNodeKind, durationToMs, type CheckContext, type ConfigProblem, type NodeContext, type NodeInstance } from '../../engine/sdk/index.js';
import { fieldPathProblems, throwFirstProblem } from '../shared/config-problems.js';
import { createAuthenticator } from './http-auth.js';
import { HttpClient } from './http-client.js';
import { HttpEnricher } from './http-enricher.js';
import { HttpRequestConfigSchema, type HttpRequestConfig } from './http-request.schema.js';
import { HttpSink } from './http-sink.js';
import { HttpSource } from './http-source.js';
import { TokenBucket } from './rate-limiter.js';
import { RequestTemplate } from './request-template.js';
import { SecretRedactor } from './secret-redactor.js';

const DEFAULT_TIMEOUT = '30s';
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 10_000;
const DEFAULT_CONCURRENCY = 4;

/** Calls an HTTP API: fetches pages as a source, enriches each record, or sends each record as a sink. */
export const httpRequestNode = defineNodeKind({
  type: 'http.request',
  version: 1,
  category: 'connector',
  title: 'HTTP request',
  description: 'Calls an HTTP API with authentication, rate limiting and retries: fetches pages of records, enriches each record, or sends each record.',
  configSchema: HttpRequestConfigSchema,
  defaultConfig: { role: 'enrich', url: '', target: 'response' },
  hasInput: true,
  takesInput: (config) => config.role !== 'source',
  outputs: (config) => (config.role === 'sink' ? ['out', 'unchanged'] : ['out']),
  check: checkConfig,
  create(config, context) {
    throwFirstProblem(checkConfig(config, context));
    return createInstance(config, context);
  },
});

function createInstance(config: HttpRequestConfig, context: NodeContext): NodeInstance {
  const redactor = new SecretRedactor();
  const transport = {
    timeoutMs: durationToMs(config.timeout ?? DEFAULT_TIMEOUT, 'timeout'),
    maxResponseBytes: config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    signal: context.signal,
  };
  const auth = createAuthenticator(config.auth, transport, redactor);
  const rateLimiter = config.rateLimit === undefined ? undefined : new TokenBucket(config.rateLimit.requestsPerSecond, config.rateLimit.burst);
  const client = new HttpClient(transport, redactor, auth, rateLimiter);
  const template = new RequestTemplate(config, context.expressions);
  const concurrency = config.concurrency ?? DEFAULT_CONCURRENCY;

  switch (config.role) {
    case 'source':
      return new HttpSource(
        client,
        template,
        { pagination: config.pagination ?? { type: 'none' }, recordsPath: config.recordsPath ?? '', keyField: config.keyField, maxPages: config.maxPages ?? DEFAULT_MAX_PAGES },
        context,
      );
    case 'enrich':
      return new HttpEnricher(client, template, { target: config.target ?? '', responsePath: config.responsePath ?? '', concurrency }, context);
    case 'sink':
      return new HttpSink(client, template, { idempotencyHeader: config.idempotencyHeader ?? 'Idempotency-Key', skipUnchanged: config.skipUnchanged ?? true, concurrency }, context);
  }
}

/** Settings that only one role reads, so that setting them under another role is a mistake worth reporting. */
const ROLE_SETTINGS: Record<string, HttpRequestConfig['role']> = {
  recordsPath: 'source',
  keyField: 'source',
  pagination: 'source',
  maxPages: 'source',
  target: 'enrich',
  responsePath: 'enrich',
  idempotencyHeader: 'sink',
  skipUnchanged: 'sink',
};

function checkConfig(config: HttpRequestConfig, context: CheckContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [field, role] of Object.entries(ROLE_SETTINGS)) {
    if (field in config && config.role !== role) {
      problems.push({ field, message: `${field} applies to role '${role}', but this node's role is '${config.role}'` });
    }
  }
  const expressions: [string, string][] = [];
  const collect = (field: string, spec: unknown): void => {
    if (spec !== null && typeof spec === 'object' && 'expression' in spec && typeof spec.expression === 'string') {
      expressions.push([`${field}.expression`, spec.expression]);
    }
  };
  collect('method', config.method);
  collect('url', config.url);
  collect('body', config.body);
  for (const [name, spec] of Object.entries(config.headers ?? {})) {
    collect(`headers.${name}`, spec);
  }
  for (const [name, spec] of Object.entries(config.query ?? {})) {
    collect(`query.${name}`, spec);
  }
  for (const [field, source] of expressions) {
    try {
      context.expressions.compile(source);
    } catch (error) {
      problems.push({ field, message: (error as Error).message });
    }
  }
  problems.push(
    ...fieldPathProblems([
      ['recordsPath', config.recordsPath],
      ['keyField', config.keyField],
      ['target', config.target],
      ['responsePath', config.responsePath],
      ['pagination.cursorPath', config.pagination?.type === 'cursor' ? config.pagination.cursorPath : undefined],
    ]),
  );
  if (config.timeout !== undefined) {
    try {
      durationToMs(config.timeout, 'timeout');
    } catch (error) {
      problems.push({ field: 'timeout', message: (error as Error).message });
    }
  }
  return problems;
}
