/**
 * Runs a source node kind outside a flow and keeps the first records it makes, good or failed.
 * Once it has one more than the limit it aborts the node's signal, so a reader of a large file
 * stops after the chunk it is in.
 */
import { dirname } from 'node:path';
import { createStandaloneContext } from '../../engine/runtime/standalone-context.js';
import {
  errorMessage,
  InputError,
  type FlowRecord,
  type NodeKind,
  type Output,
  type RecordData,
  type Static,
  type TSchema,
} from '../../engine/sdk/index.js';

/** A record a reader made, as a preview shows it. */
export interface PreviewRecord {
  key: string | null;
  /** 1-based line where the record starts, when the reader knows it. */
  line?: number;
  data: RecordData;
}

/** A record the reader rejected, or a problem that stopped it, with its location. */
export interface PreviewError {
  message: string;
  line?: number;
}

export interface SourcePreview {
  records: PreviewRecord[];
  errors: PreviewError[];
  /** True when the reader reached the end of the file: nothing was left out. */
  complete: boolean;
}

/**
 * Runs `kind` with `config` until it has made `limit` records and errors together, or the file
 * ends. An InputError the node throws (an empty file, a broken document) becomes the last error;
 * any other error is a bug and propagates.
 */
export async function previewSource<S extends TSchema>(kind: NodeKind<S>, config: Static<S>, path: string, limit: number): Promise<SourcePreview> {
  return runSourcePreview(kind, config, { baseDir: dirname(path), limit });
}

export interface SourcePreviewOptions {
  /** Folder relative paths in the config resolve against: the flow file's folder for a node of a flow. */
  baseDir: string;
  limit: number;
  /** The flow's parameter values, for expressions that read `$params`. */
  params?: Readonly<Record<string, unknown>>;
}

/** Runs `kind` with `config` as {@link previewSource} does, with relative paths resolved against `options.baseDir`. */
export async function runSourcePreview<S extends TSchema>(kind: NodeKind<S>, config: Static<S>, options: SourcePreviewOptions): Promise<SourcePreview> {
  const limit = options.limit;
  const controller = new AbortController();
  const preview: SourcePreview = { records: [], errors: [], complete: true };
  let taken = 0;
  let pending = 0;
  const take = (add: () => void): void => {
    pending++;
    if (taken >= limit) {
      preview.complete = false;
      controller.abort();
      return;
    }
    taken++;
    add();
  };
  const output: Output = {
    emit(_port: string, record: FlowRecord) {
      take(() => preview.records.push(toPreviewRecord(record)));
    },
    fail(record: FlowRecord, error: unknown) {
      take(() => preview.errors.push(toPreviewError(record, error)));
    },
    get pending() {
      return pending;
    },
    async flush() {
      pending = 0;
    },
  };
  const context = createStandaloneContext({
    nodeId: 'preview',
    baseDir: options.baseDir,
    signal: controller.signal,
    batchSize: limit + 1,
    ...(options.params === undefined ? {} : { params: options.params }),
  });
  try {
    const instance = await kind.create(config, context);
    await instance.run?.(output);
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }
    preview.errors.push({ message: error.message, ...(error.location.line === undefined ? {} : { line: error.location.line }) });
  }
  return preview;
}

function toPreviewRecord(record: FlowRecord): PreviewRecord {
  return { key: record.key, ...(record.origin.line === undefined ? {} : { line: record.origin.line }), data: record.data };
}

function toPreviewError(record: FlowRecord, error: unknown): PreviewError {
  const line = error instanceof InputError && error.location.line !== undefined ? error.location.line : record.origin.line;
  return { message: errorMessage(error), ...(line === undefined ? {} : { line }) };
}
