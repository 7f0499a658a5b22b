/**
 * Sends what an EDI reader found into a flow: sets or messages without errors to `out`, the others
 * to the error port with an InputError that locates every problem. Problems that belong to no set
 * (a file that is not EDI at all) become one failed record each, so nothing is lost silently.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { InputError, type FlowRecord, type NodeContext, type Output, type RecordError } from '../../engine/sdk/index.js';
import type { EdiIssue } from './edi-types.js';
import { describeNextStep, type EdiFormat } from './next-step.js';

/** One set or message as a reader returns it. */
export interface ReaderRecord {
  key: string | null;
  line: number;
  data: Record<string, unknown>;
  errors: EdiIssue[];
}

/** Reads a source file's bytes and records it as the run's trigger input. */
export async function readSourceFile(context: NodeContext, configuredPath: string, format: string): Promise<{ path: string; bytes: Buffer }> {
  const path = context.resolvePath(configuredPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    throw new InputError(`cannot read ${format} file '${path}': ${reason}; check the node's path`, { file: path, field: 'path' }, { cause: error });
  }
  context.recordTriggerInput({ path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  return { path, bytes };
}

export interface EmitOptions {
  context: NodeContext;
  out: Output;
  path: string;
  records: readonly ReaderRecord[];
  fileErrors: readonly EdiIssue[];
  format: EdiFormat;
  /** Describes one issue of a record for the error message. */
  describe(record: ReaderRecord, issue: EdiIssue): string;
}

/** Emits the records, flushing whenever a batch is full. */
export async function emitReadResult(options: EmitOptions): Promise<void> {
  const { context, out, path, records } = options;
  const fileName = basename(path);
  let index = 0;
  for (const found of records) {
    const record: FlowRecord = { key: found.key, origin: { node: context.nodeId, file: path, line: found.line, index: index++ }, data: found.data };
    if (found.errors.length === 0) {
      out.emit('out', record);
    } else {
      // Each problem is its own error entry; the set fails once, with all of them in its message.
      const first = found.errors[0] as EdiIssue;
      const messages = found.errors.map((issue) => options.describe(found, issue));
      const failed: FlowRecord = { ...record, data: { ...found.data, errors: found.errors }, errors: found.errors.map((issue, position) => toRecordError(issue, messages[position] as string)) };
      const message = messages.length === 1 ? (messages[0] as string) : `${messages.length} errors: ${messages.map((text, position) => `(${position + 1}) ${text}`).join(' ')}`;
      out.fail(failed, new InputError(message, { file: path, ...(first.line === undefined ? {} : { line: first.line }), ...(first.element === undefined ? {} : { field: first.element }) }));
    }
    if (out.pending >= context.batchSize) {
      await out.flush();
    }
  }
  for (const issue of options.fileErrors) {
    const message = describeFileIssue(fileName, issue, options.format);
    const record: FlowRecord = {
      key: null,
      origin: { node: context.nodeId, file: path, ...(issue.line === undefined ? {} : { line: issue.line }), index: index++ },
      data: { format: options.format, file: fileName, errors: [issue] },
      errors: [toRecordError(issue, message)],
    };
    out.fail(record, new InputError(message, { file: path, ...(issue.line === undefined ? {} : { line: issue.line }) }));
  }
}

/** Describes a problem that belongs to no set or message: `po.x12 line 3: message (rule rule); next step`. */
export function describeFileIssue(fileName: string, issue: EdiIssue, format: EdiFormat): string {
  const location = issue.line === undefined ? '' : ` line ${issue.line}`;
  const step = describeNextStep(issue, format);
  return `${fileName}${location}: ${issue.message} (rule ${issue.rule})${step === undefined ? '' : `; ${step}`}`;
}

/** Builds the error entry of one issue of a failed record, with the full description as its message. */
function toRecordError(issue: EdiIssue, message: string): RecordError {
  return { rule: issue.rule, message, ...(issue.element === undefined ? {} : { field: issue.element }) };
}
