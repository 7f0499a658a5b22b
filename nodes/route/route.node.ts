/**
 * The route node: sends records to named ports by conditions, tested in order, and to `default`
 * when none matches.
 */
import { defineNodeKind, InputError, readCodeTables, type CheckContext, type ConfigProblem, type LookupInput } from '../../engine/sdk/index.js';
import { RecordRouter } from './record-router.js';
import { planRoute, routePorts, type RoutePlan } from './route-plan.js';
import { RouteConfigSchema, type RouteConfig } from './route.schema.js';

export const routeNode = defineNodeKind({
  type: 'route',
  version: 1,
  category: 'route',
  title: 'Route',
  description: 'Sends each record to the first (or every) route whose condition it matches, or to default.',
  configSchema: RouteConfigSchema,
  defaultConfig: { routes: [{ port: 'matched' }] },
  hasInput: true,
  outputs: (config) => routePorts(config),
  check(config, context) {
    return compileRoute(config, context).problems;
  },
  create(config, context) {
    const { plan, problems, files } = compileRoute(config, context);
    if (plan === undefined) {
      throw new InputError(`invalid route config: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
    }
    files.forEach((file) => context.recordInput(file));
    const router = new RecordRouter(plan);
    return {
      process: (batch, out) => router.process(batch, out),
    };
  },
});

/** Compiles the config; `files` are the code table files read, for `context.recordInput`. */
function compileRoute(config: RouteConfig, context: Pick<CheckContext, 'expressions' | 'resolvePath'>): { plan?: RoutePlan; problems: ConfigProblem[]; files: LookupInput[] } {
  const { tables, problems, files } = readCodeTables(config.codeTables, context.resolvePath);
  if (problems.length > 0) {
    return { problems, files };
  }
  return { ...planRoute(config, tables, context.expressions), files };
}
