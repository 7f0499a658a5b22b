/**
 * The map node: builds each output record from the fields of its config, in order. Copies,
 * constants, casts and lookups run as plain functions compiled at create; expression fields
 * run JSONata. A record whose value does not fit fails alone, with the field and value named.
 */
import { defineNodeKind, InputError, readCodeTables, type CheckContext, type ConfigProblem, type LookupInput } from '../../engine/sdk/index.js';
import { planMap, type MapPlan } from './map-plan.js';
import { MapConfigSchema, type MapConfig } from './map.schema.js';
import { MAP_OUTPUT_PORT, RecordMapper } from './record-mapper.js';

export const mapNode = defineNodeKind({
  type: 'map',
  version: 1,
  category: 'transform',
  title: 'Map',
  description: 'Builds new records field by field: copy, rename, cast, look up codes, or compute with JSONata.',
  configSchema: MapConfigSchema,
  defaultConfig: { fields: [] },
  hasInput: true,
  outputs: () => [MAP_OUTPUT_PORT],
  check(config, context) {
    return compileMap(config, context).problems;
  },
  create(config, context) {
    const { plan, problems, files } = compileMap(config, context);
    if (plan === undefined) {
      throw new InputError(`invalid map config: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
    }
    files.forEach((file) => context.recordInput(file));
    const mapper = new RecordMapper(plan);
    return {
      process: (batch, out) => mapper.process(batch, out),
    };
  },
});

/** Compiles the config; `files` are the code table files read, for `context.recordInput`. */
function compileMap(config: MapConfig, context: Pick<CheckContext, 'expressions' | 'resolvePath'>): { plan?: MapPlan; problems: ConfigProblem[]; files: LookupInput[] } {
  const { tables, problems, files } = readCodeTables(config.codeTables, context.resolvePath);
  if (problems.length > 0) {
    return { problems, files };
  }
  return { ...planMap(config, tables, context.expressions), files };
}
