/**
 * The target file of a writer node. Text goes to a temporary file beside the target, which
 * replaces the target only when the run completes (`commit`). Each written batch is recorded in
 * the ledger under `file:<absolute path>`.
 */
import { AtomicFileWriter, InputError, type Delivery, type NodeContext } from '../../engine/sdk/index.js';

export class AtomicFileSink {
  /** Absolute path of the target file. */
  readonly path: string;
  /** Ledger target: `file:` and the absolute path. */
  readonly target: string;
  private readonly writer: AtomicFileWriter;

  constructor(
    configPath: string,
    private readonly context: NodeContext,
  ) {
    this.path = context.resolvePath(configPath);
    this.target = `file:${this.path}`;
    this.writer = new AtomicFileWriter(this.path);
  }

  /**
   * Appends `chunk` and records `deliveries` in the ledger.
   * NOTE: the ledger entries are recorded when the batch is written to the temporary file, so a
   * run that fails later leaves entries for a target its abort discarded.
   */
  async write(chunk: string | Uint8Array, deliveries: readonly Delivery[]): Promise<void> {
    try {
      await this.writer.write(chunk);
    } catch (error) {
      throw this.describeError(error);
    }
    if (deliveries.length > 0) {
      await this.context.ledger.recordDeliveries(this.target, deliveries);
    }
  }

  /** Moves the finished file over the target, creating its folder. */
  async commit(): Promise<void> {
    try {
      await this.writer.commit();
    } catch (error) {
      await this.writer.discard().catch(() => undefined);
      throw this.describeError(error);
    }
  }

  /** Removes the temporary file; the target keeps its old content, or stays absent. */
  async discard(): Promise<void> {
    await this.writer.discard();
  }

  /** Turns the file-system errors a person can fix into InputErrors naming the path. */
  private describeError(error: unknown): unknown {
    const code = (error as NodeJS.ErrnoException).code;
    switch (code) {
      case 'EACCES':
      case 'EPERM':
        return new InputError(`permission denied writing ${this.path}`, { file: this.path }, { cause: error });
      case 'EISDIR':
        return new InputError(`cannot write ${this.path}: it is a folder`, { file: this.path }, { cause: error });
      case 'ENOTDIR':
        return new InputError(`cannot write ${this.path}: part of the path is a file, not a folder`, { file: this.path }, { cause: error });
      default:
        return error;
    }
  }
}
