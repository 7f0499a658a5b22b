/**
 * The route node: sends records to named ports by conditions, tested in order, and to `default`
 * when none matches.
 */
import { defineNodeKind, InputError, readCodeTables, type CheckContext, type ConfigProblem } from '../../engine/sdk/index.js';
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
    const { plan, problems } = compileRoute(config, context);
    if (plan === undefined) {
      throw new InputError(`invalid route config: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
    }
    const router = new RecordRouter(plan);
    return {
      process: (batch, out) => router.process(batch, out),
    };
  },
});

function compileRoute(config: RouteConfig, context: Pick<CheckContext, 'expressions' | 'resolvePath'>): { plan?: RoutePlan; problems: ConfigProblem[] } {
  const { tables, problems } = readCodeTables(config.codeTables, context.resolvePath);
  if (problems.length > 0) {
    return { problems };
  }
  return planRoute(config, tables, context.expressions);
}
