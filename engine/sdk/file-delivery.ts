/**
 * Delivery for sinks that write files (csv.write, json.write): the file name template, and a
 * writer that ties an {@link AtomicFileWriter} to the ledger protocol of {@link SinkDelivery}.
 *
 * In snapshot mode the file at `path` is rewritten whole by every run that starts from the
 * sources. A replay or approval run carries only some records, so it keeps the file's content and
 * adds the records the target does not have yet, still replacing the file atomically. In delta
 * mode `path` is a template that must contain `{runId}`, so each run writes its own file with only
 * the records that are new to the target. A run with nothing new writes no file.
 */
import { createReadStream, existsSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { FlowRecord } from '../records.js';
import { AtomicFileWriter } from './file-io.js';
import type { ConfigProblem, Delivery, NodeContext, Output } from './node-kind.js';
import { SinkDelivery, type DeliverySettings, type PendingEffect } from './sink-delivery.js';

/** Placeholders a file path template may contain. */
export const PATH_PLACEHOLDERS = ['flow', 'runId', 'node', 'date'] as const;
export type PathPlaceholder = (typeof PATH_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Checks a sink's `path` against its delivery mode: placeholders must be known, delta needs
 * `{runId}` and snapshot must not have it. `field` is the config field of the path.
 */
export function checkFilePathTemplate(path: string, delivery: DeliverySettings | undefined, field = 'path'): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = [...path.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
  for (const name of names) {
    if (!(PATH_PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({ field, message: `'${path}' has unknown placeholder {${name}}; use ${PATH_PLACEHOLDERS.map((known) => `{${known}}`).join(', ')}` });
    }
  }
  const mode = delivery?.mode ?? 'snapshot';
  if (mode === 'delta' && !names.includes('runId')) {
    problems.push({ field, message: `'${path}' must contain {runId} for delta delivery, so that each run writes its own file; for example out/{flow}-{runId}.jsonl` });
  }
  if (mode === 'snapshot' && names.includes('runId')) {
    problems.push({ field, message: `'${path}' contains {runId}, but snapshot delivery rewrites one file; remove {runId} or set delivery.mode to delta` });
  }
  if (mode === 'delta' && delivery?.minRecords !== undefined) {
    problems.push({ field: 'delivery.minRecords', message: 'applies to snapshot delivery only; a delta run writes only what it processed' });
  }
  if (mode === 'snapshot' && delivery?.changedOnly === true) {
    problems.push({ field: 'delivery.changedOnly', message: 'applies to delta delivery only; snapshot delivery always writes the complete target' });
  }
  return problems;
}

/** Replaces the placeholders of `template` that `values` gives; the others stay as they are. */
export function expandPathTemplate(template: string, values: Partial<Record<PathPlaceholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name as PathPlaceholder] ?? whole);
}

/**
 * Writes one file sink's output for one run. Per batch, call {@link select} for the records to
 * write, then {@link write} with their text and the records in it, leaving out any the sink
 * failed. Call {@link commit} in `finish` and {@link discard} in `abort`.
 */
export class FileDeliveryWriter {
  /** Absolute path of the file this run writes. */
  readonly path: string;
  private readonly delivery: SinkDelivery;
  private readonly writer: AtomicFileWriter;
  private effect: PendingEffect | undefined;
  /** Ledger row of each selected record not yet written; null for a snapshot record the target already has. */
  private readonly selected = new Map<FlowRecord, Delivery | null>();
  private recordsWritten = 0;

  /**
   * @param pathTemplate the config's `path`, before placeholders are replaced.
   * @param contentOf the value whose hash identifies a record's content, when the file contains less than the record's data.
   */
  constructor(
    private readonly context: NodeContext,
    pathTemplate: string,
    private readonly settings: DeliverySettings | undefined,
    contentOf?: (record: FlowRecord) => unknown,
  ) {
    const fixed = { flow: context.flowId, node: context.nodeId };
    const targetPath = context.resolvePath(expandPathTemplate(pathTemplate, fixed));
    this.path = expandPathTemplate(targetPath, { runId: String(context.runId), date: context.runStartedAt.slice(0, 10) });
    this.appending = (settings?.mode ?? 'snapshot') === 'snapshot' && context.partialRun && existsSync(this.path);
    // Adding to a kept snapshot must skip what the target already has, as change detection does.
    const changedOnly = this.appending || settings?.changedOnly === true;
    this.delivery = new SinkDelivery(context, {
      target: `file:${targetPath}`,
      mode: this.appending ? 'delta' : (settings?.mode ?? 'snapshot'),
      ...(changedOnly ? { changedOnly } : {}),
      ...(contentOf === undefined ? {} : { contentOf }),
    });
    this.writer = new AtomicFileWriter(this.path);
  }

  /**
   * True when this run adds to the existing snapshot file instead of rewriting it (a replay or
   * approval run). The file's bytes are copied first, so a writer must not write a header again.
   */
  readonly appending: boolean;
  private copied = false;

  /** Name of the target in the ledger: `file:` and the path, with `{runId}` and `{date}` left in. */
  get target(): string {
    return this.delivery.target;
  }

  /** Path of the temporary file the run writes before commit. */
  get temporaryPath(): string {
    return this.writer.temporaryPath;
  }

  /** Returns the records of `batch` to write, counting the others as unchanged on the step; see {@link SinkDelivery.select}. */
  async select(batch: readonly FlowRecord[], out: Output): Promise<FlowRecord[]> {
    const selection = await this.delivery.select(batch, out);
    for (const { record, delivery } of selection.write) {
      this.selected.set(record, delivery);
    }
    return selection.write.map((selected) => selected.record);
  }

  /** Appends `chunk` (text as UTF-8, or bytes) holding `records`, and stages their ledger rows. */
  async write(chunk: string | Uint8Array, records: readonly FlowRecord[] = []): Promise<void> {
    await this.copyExistingTarget();
    await this.writer.write(chunk);
    const deliveries: Delivery[] = [];
    for (const record of records) {
      const delivery = this.selected.get(record);
      this.selected.delete(record);
      this.recordsWritten++;
      if (delivery !== undefined && delivery !== null) {
        deliveries.push(delivery);
      }
    }
    if (deliveries.length > 0 || (records.length > 0 && this.effect === undefined)) {
      this.effect ??= await this.delivery.beginEffect(this.path, this.writer.temporaryPath);
      await this.effect.stage(deliveries);
    }
  }

  /** Records written so far. */
  get written(): number {
    return this.recordsWritten;
  }

  /**
   * Puts the file in place and confirms its deliveries. A delta run that wrote no record leaves
   * no file; a snapshot run always writes the target, empty or not.
   */
  async commit(): Promise<void> {
    if (((this.settings?.mode ?? 'snapshot') === 'delta' || this.appending) && this.recordsWritten === 0) {
      await this.discard();
      return;
    }
    const minimum = this.settings?.minRecords ?? 0;
    if (!this.appending && this.recordsWritten < minimum) {
      await this.discard();
      throw new InputError(
        `${basename(this.path)}: this run has ${this.recordsWritten} ${this.recordsWritten === 1 ? 'record' : 'records'} for it, fewer than delivery.minRecords (${minimum}), so the file is left as it was; check the input, or lower minRecords`,
        { file: this.path, field: 'delivery.minRecords' },
      );
    }
    await this.copyExistingTarget();
    this.effect ??= await this.delivery.beginEffect(this.path, this.writer.temporaryPath);
    const fingerprint = await this.writer.prepare();
    await this.effect.seal(fingerprint);
    await this.writer.publish();
    await this.effect.confirm();
  }

  /** Copies the snapshot file being added to, once, before anything else is written. */
  private async copyExistingTarget(): Promise<void> {
    if (!this.appending || this.copied) {
      return;
    }
    this.copied = true;
    for await (const chunk of createReadStream(this.path)) {
      await this.writer.write(chunk as Buffer);
    }
  }

  /** Drops the temporary file and the pending ledger rows; the target is left as it was. */
  async discard(): Promise<void> {
    await this.writer.discard();
    await this.effect?.discard();
  }
}
