/**
 * Starts runs in the background for the API, keeps a way to cancel each, and passes every run
 * event to the subscribers of the host.
 */
import type { FlowDocument } from '../flow/flow-schema.js';
import { InternalError } from '../errors.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import type { ParameterOverride } from '../flow/parameters.js';
import type { Logger } from '../logger.js';
import { runFlow } from '../runtime/run-flow.js';
import type { RunEvent, RunEventListener } from '../runtime/run-events.js';
import type { SecretResolver } from '../runtime/secrets.js';
import type { RunStore } from '../store/run-store.js';
import type { RunEventHandler, Unsubscribe } from '../api/run-events.api.js';

export interface RunManagerOptions {
  registry: NodeRegistry;
  store: RunStore;
  logger: Logger;
  secrets?: SecretResolver;
  /** Records per batch; the runtime's default when absent. */
  batchSize?: number;
}

export interface StartRunRequest {
  flow: FlowDocument;
  flowDir: string;
  flowPath: string | null;
  params: Readonly<Record<string, ParameterOverride>>;
}

/** Signal, event listener and batch size an operation passes to the runs it starts, so the manager can follow and cancel them. */
export interface OperationControls {
  signal: AbortSignal;
  onEvent: RunEventListener;
  batchSize?: number;
}

export class RunManager {
  private readonly handlers = new Set<RunEventHandler>();
  private readonly active = new Map<number, { controller: AbortController; done: Promise<void> }>();
  /** Operations (replay, rerun, approval decisions) still going, each with its controller and the promise of its end. */
  private readonly operations = new Set<{ controller: AbortController; done: Promise<void> }>();

  constructor(private readonly options: RunManagerOptions) {}

  onRunEvent(handler: RunEventHandler): Unsubscribe {
    this.handlers.add(handler);
    return () => {
      this.handlers.delete(handler);
    };
  }

  private broadcast(event: RunEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.options.logger.error({ err: error, runId: event.runId, event: event.type }, 'run event handler failed');
      }
    }
  }

  /** Starts the run and resolves with its id once the store has created it; the run goes on in the background. */
  start(request: StartRunRequest): Promise<number> {
    const controller = new AbortController();
    return new Promise<number>((resolveRunId, rejectRunId) => {
      let runId: number | undefined;
      const finished = runFlow({
        flow: request.flow,
        registry: this.options.registry,
        store: this.options.store,
        flowDir: request.flowDir,
        flowPath: request.flowPath,
        params: request.params,
        // Relative path values typed into the designer mean the same as relative paths in the flow.
        overrideDir: request.flowDir,
        signal: controller.signal,
        logger: this.options.logger,
        ...(this.options.secrets === undefined ? {} : { secrets: this.options.secrets }),
        ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
        onEvent: (event) => {
          if (event.type === 'run.started') {
            runId = event.runId;
            this.active.set(event.runId, { controller, done: finished.then(() => undefined, () => undefined) });
            resolveRunId(event.runId);
          } else if (event.type === 'run.finished') {
            this.active.delete(event.runId);
          }
          this.broadcast(event);
        },
      });
      finished
        .catch((error: unknown) => {
          if (runId === undefined) {
            rejectRunId(error instanceof Error ? error : new InternalError(String(error)));
          } else {
            this.options.logger.error({ err: error, runId }, 'run failed outside the runtime');
          }
        });
    });
  }

  /**
   * Runs an operation that starts runs of its own, such as a replay or a rerun: their events reach
   * the subscribers, {@link cancel} stops them, and {@link cancelAll} waits for them. Cancelling
   * one of its runs cancels the runs the operation has not started yet too.
   */
  async track<T>(operation: (controls: OperationControls) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let finish: () => void = () => undefined;
    const entry = { controller, done: new Promise<void>((resolveDone) => (finish = resolveDone)) };
    this.operations.add(entry);
    const onEvent: RunEventListener = (event) => {
      if (event.type === 'run.started') {
        this.active.set(event.runId, entry);
      } else if (event.type === 'run.finished') {
        this.active.delete(event.runId);
      }
      this.broadcast(event);
    };
    try {
      return await operation({ signal: controller.signal, onEvent, ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }) });
    } finally {
      this.operations.delete(entry);
      finish();
    }
  }

  /** Returns the ids of the runs this host is running now, in the order they started. */
  activeRunIds(): number[] {
    return [...this.active.keys()];
  }

  /** Asks a running run to stop; returns false when this host is not running it. */
  cancel(runId: number): boolean {
    const run = this.active.get(runId);
    if (run === undefined) {
      return false;
    }
    run.controller.abort();
    return true;
  }

  /** Cancels every run and operation still going and waits until each has recorded its end. */
  async cancelAll(): Promise<void> {
    const running = [...this.active.values(), ...this.operations];
    for (const run of running) {
      run.controller.abort();
    }
    await Promise.all(running.map((run) => run.done));
  }
}
