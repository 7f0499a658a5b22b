/**
 * Compiles a route config once, at check and at create: each route's condition becomes a plain
 * test (simple operators) or a compiled JSONata expression. Problems name the config field.
 */
import {
  compileSimpleCondition,
  ERROR_PORT,
  errorMessage,
  simpleOperatorsOf,
  type CodeTables,
  type CompiledExpression,
  type ConfigProblem,
  type ExpressionCompiler,
  type RecordTest,
} from '../../engine/sdk/index.js';
import type { RouteConfig } from './route.schema.js';

/** Port for records that match no route. */
export const DEFAULT_PORT = 'default';

export type PlanRoute = { port: string; kind: 'plain'; test: RecordTest } | { port: string; kind: 'expression'; expression: CompiledExpression };

export interface RoutePlan {
  routes: PlanRoute[];
  mode: 'first' | 'all';
  /** True when a condition needs JSONata, so records must be routed asynchronously. */
  usesExpressions: boolean;
}

/**
 * Returns the output ports of a config: each route's port once, in order, then `default`. The
 * loader also calls this on configs that failed their schema, so it skips malformed routes.
 */
export function routePorts(config: Partial<RouteConfig>): string[] {
  const routes: unknown[] = Array.isArray(config.routes) ? config.routes : [];
  const ports = routes.map((route) => (route as Partial<RouteConfig['routes'][number]> | null)?.port).filter((port): port is string => typeof port === 'string');
  return [...new Set(ports).add(DEFAULT_PORT)];
}

export function planRoute(config: RouteConfig, tables: CodeTables, expressions: ExpressionCompiler): { plan?: RoutePlan; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  if (config.routes.length === 0) {
    problems.push({ field: 'routes', message: `add at least one route; without routes every record goes to '${DEFAULT_PORT}'` });
  }
  const portIndex = new Map<string, number>();
  const routes: PlanRoute[] = [];
  config.routes.forEach((route, index) => {
    const at = `routes.${index}`;
    if (route.port === DEFAULT_PORT || route.port === ERROR_PORT) {
      const purpose = route.port === DEFAULT_PORT ? 'records that match no route' : 'records that fail';
      problems.push({ field: `${at}.port`, message: `'${route.port}' is reserved for ${purpose}; choose another port name` });
    }
    const earlier = portIndex.get(route.port);
    if (earlier === undefined) {
      portIndex.set(route.port, index);
    } else {
      problems.push({ field: `${at}.port`, message: `'${route.port}' is also the port of routes.${earlier}; give each route its own port` });
    }

    const operators = simpleOperatorsOf(route);
    if (route.condition !== undefined) {
      if (operators.length > 0 || route.field !== undefined) {
        problems.push({ field: at, message: 'sets both condition and a field test; a route has either a condition, or a field with one of equals, in, matches, inTable' });
        return;
      }
      try {
        routes.push({ port: route.port, kind: 'expression', expression: expressions.compile(route.condition, { codeTables: tables }) });
      } catch (error) {
        problems.push({ field: `${at}.condition`, message: errorMessage(error) });
      }
      return;
    }
    if (route.field === undefined && operators.length === 0) {
      problems.push({ field: at, message: 'needs a condition, or a field with one of equals, in, matches, inTable' });
      return;
    }
    const { test, problems: conditionProblems } = compileSimpleCondition(route, tables);
    for (const problem of conditionProblems) {
      problems.push({ field: problem.field === '' ? at : `${at}.${problem.field}`, message: problem.message });
    }
    if (test !== undefined) {
      routes.push({ port: route.port, kind: 'plain', test });
    }
  });
  if (problems.length > 0) {
    return { problems };
  }
  return { plan: { routes, mode: config.mode ?? 'first', usesExpressions: routes.some((route) => route.kind === 'expression') }, problems };
}
