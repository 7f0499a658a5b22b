/**
 * Small node kinds for testing the engine host and the designer before the real connectors and
 * transforms are registered: a generator source, a JSONata mapper, a JSON Schema validator, a
 * router and a JSON-lines sink. They are registered only by the test hosts, never by the product.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createAjv } from '../../engine/json-schema.js';
import { NodeRegistry } from '../../engine/flow/node-registry.js';
import { defineNodeKind, InputError, Type, withData, type CompiledExpression, type FlowRecord, type NodeKind } from '../../engine/sdk/index.js';

const GenerateSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, description: 'Records to produce.' }),
    missingUomEvery: Type.Integer({ minimum: 0, description: 'Leave the uom field empty on every Nth record; 0 never.' }),
  },
  { additionalProperties: false },
);

export const generateKind = defineNodeKind({
  type: 'test.generate',
  version: 1,
  category: 'connector',
  title: 'Generate items',
  description: 'Produces item records (sku, name, price, uom) for tests.',
  configSchema: GenerateSchema,
  defaultConfig: { count: 10, missingUomEvery: 0 },
  hasInput: false,
  outputs: () => ['out'],
  create: (config, context) => ({
    async run(out) {
      for (let index = 0; index < config.count; index++) {
        if (context.signal.aborted) {
          return;
        }
        const sku = `SKU-${String(index + 1).padStart(5, '0')}`;
        const uom = config.missingUomEvery > 0 && (index + 1) % config.missingUomEvery === 0 ? '' : 'EA';
        out.emit('out', { key: sku, origin: { node: context.nodeId, index }, data: { sku, name: `Item ${index + 1}`, price: (index % 100) + 0.5, uom } });
        if (out.pending >= context.batchSize) {
          await out.flush();
        }
      }
    },
  }),
});

const MapSchema = Type.Object(
  {
    fields: Type.Array(
      Type.Object(
        {
          target: Type.String({ minLength: 1, title: 'Target field' }),
          expression: Type.String({ minLength: 1, title: 'Expression', 'x-editor': 'jsonata' }),
        },
        { additionalProperties: false },
      ),
      { title: 'Fields' },
    ),
    keepOtherFields: Type.Boolean({ title: 'Keep other fields' }),
  },
  { additionalProperties: false },
);

export const mapKind = defineNodeKind({
  type: 'test.map',
  version: 1,
  category: 'transform',
  title: 'Map fields',
  description: 'Sets fields from JSONata expressions.',
  configSchema: MapSchema,
  defaultConfig: { fields: [], keepOtherFields: true },
  hasInput: true,
  outputs: () => ['out'],
  check: (config, context) => {
    const problems = [];
    for (const [index, field] of config.fields.entries()) {
      try {
        context.expressions.compile(field.expression);
      } catch (error) {
        problems.push({ field: `fields.${index}.expression`, message: (error as Error).message });
      }
    }
    return problems;
  },
  create: (config, context) => {
    const compiled: [string, CompiledExpression][] = config.fields.map((field) => [field.target, context.expressions.compile(field.expression)]);
    return {
      async process(batch, out) {
        for (const record of batch) {
          try {
            const data: Record<string, unknown> = config.keepOtherFields ? { ...record.data } : {};
            for (const [target, expression] of compiled) {
              data[target] = await expression.evaluate(record);
            }
            out.emit('out', withData(record, data));
          } catch (error) {
            out.fail(record, new InputError(`mapping failed: ${(error as Error).message}`));
          }
        }
      },
    };
  },
});

const ValidateSchema = Type.Object(
  { schema: Type.Record(Type.String(), Type.Unknown(), { title: 'Record schema', 'x-editor': 'json-schema' }) },
  { additionalProperties: false },
);

export const validateKind = defineNodeKind({
  type: 'test.validate',
  version: 1,
  category: 'validate',
  title: 'Validate records',
  description: 'Sends records that match a JSON Schema to out and the others to invalid.',
  configSchema: ValidateSchema,
  defaultConfig: { schema: { type: 'object', required: ['sku'] } },
  hasInput: true,
  outputs: () => ['out', 'invalid'],
  create: (config) => {
    const validate = createAjv().compile(config.schema);
    return {
      process(batch, out) {
        for (const record of batch) {
          if (validate(record.data)) {
            out.emit('out', record);
          } else {
            const errors = (validate.errors ?? []).map((error) => ({
              field: error.instancePath.split('/').filter(Boolean).join('.') || String((error.params as { missingProperty?: string }).missingProperty ?? ''),
              rule: error.keyword,
              message: error.message ?? error.keyword,
            }));
            out.emit('invalid', { ...record, errors: [...(record.errors ?? []), ...errors] });
          }
        }
      },
    };
  },
});

const RouteSchema = Type.Object(
  {
    routes: Type.Array(
      Type.Object(
        { name: Type.String({ pattern: '^[a-z][a-z0-9-]*$', title: 'Port' }), condition: Type.String({ minLength: 1, title: 'Condition', 'x-editor': 'jsonata' }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const routeKind = defineNodeKind({
  type: 'test.route',
  version: 1,
  category: 'route',
  title: 'Route',
  description: 'Sends each record to the first route whose condition holds, else to unmatched.',
  configSchema: RouteSchema,
  defaultConfig: { routes: [] },
  hasInput: true,
  outputs: (config) => [...config.routes.map((route) => route.name), 'unmatched'],
  create: (config, context) => {
    const routes = config.routes.map((route) => ({ name: route.name, condition: context.expressions.compile(route.condition) }));
    return {
      async process(batch, out) {
        for (const record of batch) {
          let port = 'unmatched';
          for (const route of routes) {
            if ((await route.condition.evaluate(record)) === true) {
              port = route.name;
              break;
            }
          }
          out.emit(port, record);
        }
      },
    };
  },
});

const WriteSchema = Type.Object({ path: Type.String({ minLength: 1, title: 'File' }) }, { additionalProperties: false });

export const writeKind = defineNodeKind({
  type: 'test.write',
  version: 1,
  category: 'connector',
  title: 'Write JSON lines',
  description: 'Writes each record as one line of JSON.',
  configSchema: WriteSchema,
  defaultConfig: { path: 'out/records.jsonl' },
  hasInput: true,
  outputs: () => [],
  create: async (config, context) => {
    const path = context.resolvePath(config.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '');
    return {
      async process(batch: readonly FlowRecord[]) {
        await appendFile(path, batch.map((record) => `${JSON.stringify(record.data)}\n`).join(''));
      },
    };
  },
});

export const DESIGNER_TEST_KINDS: readonly NodeKind[] = [generateKind, mapKind, validateKind, routeKind, writeKind];

export function createDesignerTestRegistry(): NodeRegistry {
  return new NodeRegistry(DESIGNER_TEST_KINDS);
}
