/**
 * Sends each record to the ports of the routes it matches: the first one in `first` mode, every
 * one in `all` mode, and `default` when none matches. Without JSONata conditions a batch is
 * routed synchronously, with no promise per record. A condition that fails on a record fails
 * that record, and it goes to no route.
 */
import { InputError, isTruthy, type FlowRecord, type Output } from '../../engine/sdk/index.js';
import { DEFAULT_PORT, type PlanRoute, type RoutePlan } from './route-plan.js';

export class RecordRouter {
  constructor(private readonly plan: RoutePlan) {}

  process(batch: readonly FlowRecord[], out: Output): void | Promise<void> {
    if (this.plan.usesExpressions) {
      return this.processWithExpressions(batch, out);
    }
    for (const record of batch) {
      try {
        const ports: string[] = [];
        for (const route of this.plan.routes) {
          if (route.kind === 'plain' && route.test(record.data)) {
            ports.push(route.port);
            if (this.plan.mode === 'first') {
              break;
            }
          }
        }
        send(record, ports, out);
      } catch (error) {
        out.fail(record, error);
      }
    }
    return undefined;
  }

  private async processWithExpressions(batch: readonly FlowRecord[], out: Output): Promise<void> {
    for (const record of batch) {
      try {
        const ports: string[] = [];
        for (const route of this.plan.routes) {
          if (await matches(route, record)) {
            ports.push(route.port);
            if (this.plan.mode === 'first') {
              break;
            }
          }
        }
        send(record, ports, out);
      } catch (error) {
        out.fail(record, error);
      }
    }
  }
}

async function matches(route: PlanRoute, record: FlowRecord): Promise<boolean> {
  if (route.kind === 'plain') {
    return route.test(record.data);
  }
  try {
    return isTruthy(await route.expression.evaluate(record));
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(`route to '${route.port}': ${error.message}`, error.location, { cause: error });
    }
    throw error;
  }
}

/** Emits the same record object on each port; records are immutable, so branches may share it. */
function send(record: FlowRecord, ports: readonly string[], out: Output): void {
  if (ports.length === 0) {
    out.emit(DEFAULT_PORT, record);
    return;
  }
  for (const port of ports) {
    out.emit(port, record);
  }
}
