/**
 * The target file of a writer node, delivered through the SDK's {@link FileDeliveryWriter}: in
 * snapshot mode (the default) the file at `path` is rewritten whole and replaces the target only
 * when the run completes; in delta mode each run writes its own file, named by the `path`
 * template, holding only the records new to the target. Ledger rows are staged with the
 * temporary file and become deliveries only once the file is in place.
 */
import { FileDeliveryWriter, InputError, type DeliverySettings, type FlowRecord, type NodeContext, type Output } from '../../engine/sdk/index.js';

export class AtomicFileSink {
  private readonly writer: FileDeliveryWriter;

  constructor(configPath: string, delivery: DeliverySettings | undefined, context: NodeContext) {
    this.writer = new FileDeliveryWriter(context, configPath, delivery);
  }

  /** Absolute path of the file this run writes. */
  get path(): string {
    return this.writer.path;
  }

  /** True when a replay or approval run adds to the existing file: its header is already there. */
  get appending(): boolean {
    return this.writer.appending;
  }

  /** Ledger target: `file:` and the absolute path (with `{runId}` and `{date}` left in for delta files). */
  get target(): string {
    return this.writer.target;
  }

  /** Returns the records of `batch` to write; the others are counted as unchanged, or failed on `out` when they cannot be hashed. */
  async select(batch: readonly FlowRecord[], out: Output): Promise<FlowRecord[]> {
    return this.writer.select(batch, out);
  }

  /** Appends `chunk`, the text or bytes of `records` (none for a header or footer). */
  async write(chunk: string | Uint8Array, records: readonly FlowRecord[]): Promise<void> {
    try {
      await this.writer.write(chunk, records);
    } catch (error) {
      throw this.describeError(error);
    }
  }

  /** Moves the finished file over the target, creating its folder, and confirms its deliveries. */
  async commit(): Promise<void> {
    try {
      await this.writer.commit();
    } catch (error) {
      await this.writer.discard().catch(() => undefined);
      throw this.describeError(error);
    }
  }

  /** Removes the temporary file and its pending ledger rows; the target keeps its old content, or stays absent. */
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
