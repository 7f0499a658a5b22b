/**
 * Node kinds for tests of delivery, replay and retries: a JSON Lines file sink built on the SDK's
 * file delivery helper, a source of keyed records from a JSON Lines file, a transform that fails
 * records by a field, and a flaky node that retries through `context.retry`.
 */
import { readFileSync } from 'node:fs';
import {
  checkFilePathTemplate,
  DeliverySchema,
  defineNodeKind,
  FileDeliveryWriter,
  hashFile,
  InputError,
  TransientError,
  Type,
  withData,
  type NodeKind,
} from '../../engine/sdk/index.js';

/** Writes records' data as JSON Lines through {@link FileDeliveryWriter}. */
export const jsonLinesSink = defineNodeKind({
  type: 'test.jsonl-write',
  version: 1,
  category: 'connector',
  title: 'JSON Lines (test)',
  description: 'Writes records as JSON Lines with snapshot or delta delivery.',
  configSchema: Type.Object({ path: Type.String({ minLength: 1 }), delivery: Type.Optional(DeliverySchema) }),
  defaultConfig: { path: 'out.jsonl' },
  hasInput: true,
  outputs: () => [],
  check: (config) => checkFilePathTemplate(config.path, config.delivery),
  create(config, context) {
    const writer = new FileDeliveryWriter(context, config.path, config.delivery);
    return {
      async process(batch, out) {
        const selected = await writer.select(batch, out);
        if (selected.length > 0) {
          await writer.write(selected.map((record) => `${JSON.stringify({ key: record.key, ...record.data })}\n`).join(''), selected);
        }
      },
      finish: () => writer.commit(),
      abort: () => writer.discard(),
    };
  },
});

/** Emits one record per line of a JSON Lines file, keyed by `keyField`. */
export const jsonLinesSource = defineNodeKind({
  type: 'test.jsonl-read',
  version: 1,
  category: 'connector',
  title: 'JSON Lines source (test)',
  description: 'Reads records from a JSON Lines file.',
  configSchema: Type.Object({ path: Type.String({ minLength: 1 }), keyField: Type.String({ minLength: 1 }) }),
  defaultConfig: { path: 'in.jsonl', keyField: 'id' },
  hasInput: false,
  outputs: () => ['out'],
  create(config, context) {
    return {
      async run(out) {
        const path = context.resolvePath(config.path);
        context.recordTriggerInput({ path, ...(await hashFile(path)) });
        const lines = readFileSync(path, 'utf8').split('\n');
        for (let index = 0; index < lines.length; index++) {
          const line = lines[index] as string;
          if (line.trim() === '') {
            continue;
          }
          const data = JSON.parse(line) as Record<string, unknown>;
          out.emit('out', { key: String(data[config.keyField]), origin: { node: context.nodeId, file: path, line: index + 1, index }, data });
          if (out.pending >= context.batchSize) {
            await out.flush();
          }
        }
      },
    };
  },
});

/** Fails records whose `field` is in `badValues`, passing the rest on with `checked: true`. */
export const rejectTransform = defineNodeKind({
  type: 'test.reject',
  version: 1,
  category: 'validate',
  title: 'Reject (test)',
  description: 'Fails records whose field has one of the given values.',
  configSchema: Type.Object({ field: Type.String(), badValues: Type.Array(Type.Unknown()), codeFile: Type.Optional(Type.String()) }),
  defaultConfig: { field: 'status', badValues: [] },
  hasInput: true,
  outputs: () => ['out'],
  create(config, context) {
    // With `codeFile`, the bad values come from a JSON file read when the run starts, like a code table.
    const bad = config.codeFile === undefined ? config.badValues : (JSON.parse(readFileSync(context.resolvePath(config.codeFile), 'utf8')) as unknown[]);
    return {
      process(batch, out) {
        for (const record of batch) {
          const value = record.data[config.field];
          if (bad.includes(value)) {
            out.fail(record, new InputError(`field '${config.field}' has value ${JSON.stringify(value)}, which is not allowed`));
            continue;
          }
          out.emit('out', withData(record, { ...record.data, checked: true }));
        }
      },
    };
  },
});

/** Attempts made per key by {@link flakyTransform}, shared with the test. */
export const flakyAttempts = new Map<string, number>();

/** Fails each record `failures` times with a TransientError (or `errorClass`), then passes it on. */
export const flakyTransform = defineNodeKind({
  type: 'test.flaky',
  version: 1,
  category: 'transform',
  title: 'Flaky (test)',
  description: 'Fails transiently a given number of times per record.',
  configSchema: Type.Object({ failures: Type.Integer({ minimum: 0 }), retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })) }),
  defaultConfig: { failures: 1 },
  hasInput: true,
  outputs: () => ['out'],
  create(config, context) {
    return {
      async process(batch, out) {
        for (const record of batch) {
          const outcome = await context.retry(
            async (attempt) => {
              flakyAttempts.set(record.key ?? '', attempt);
              if (attempt <= config.failures) {
                throw new TransientError(`attempt ${attempt} of '${record.key}' failed`, config.retryAfterMs);
              }
              return record;
            },
            { record },
          );
          if (outcome.ok) {
            out.emit('out', outcome.value);
          } else {
            out.fail(record, outcome.error, outcome.attempts);
          }
        }
      },
    };
  },
});

export const DELIVERY_TEST_KINDS: readonly NodeKind[] = [jsonLinesSink, jsonLinesSource, rejectTransform, flakyTransform];
