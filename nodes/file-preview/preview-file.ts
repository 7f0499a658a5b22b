/**
 * Shows what Flowmason's readers make of a file: its format, the separators, delimiter and
 * encoding they settled on, the first records, and the located errors. `flowmason read` prints
 * it, and the designer can show a source node's first records with it.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { InputError, type RecordData } from '../../engine/sdk/index.js';
import { detectDelimiter } from '../csv-read/delimiter-detection.js';
import { csvReadNode } from '../csv-read/csv-read.node.js';
import { describeFileIssue } from '../edi-common/emit-read-result.js';
import type { EdiIssue } from '../edi-common/edi-types.js';
import type { EdiFormat } from '../edi-common/next-step.js';
import { describeEdifactIssue, readEdifactFile } from '../edifact-common/edifact-reader.js';
import type { TextEncoding } from '../file-common/text-decoding.js';
import { TextFileReader } from '../file-common/text-file-reader.js';
import { jsonReadNode } from '../json-read/json-read.node.js';
import { describeX12Issue, readX12File } from '../x12-common/x12-reader.js';
import { detectXmlEncoding } from '../xml-read/xml-encoding.js';
import { xmlReadNode } from '../xml-read/xml-read.node.js';
import { detectFileFormat, type PreviewFormat } from './detect-format.js';
import { guessRecordPath } from './guess-record-path.js';
import { previewSource, type PreviewError, type PreviewRecord, type SourcePreview } from './source-preview.js';

export type { PreviewError, PreviewRecord } from './source-preview.js';

/** Records and errors shown unless the caller sets a limit. */
export const DEFAULT_PREVIEW_LIMIT = 20;

/** Characters of an XML file searched for the root element when no record path is given. */
const XML_HEAD_BYTES = 64 * 1024;

export interface PreviewOptions {
  /** The reader to use; detected from the content when absent. */
  format?: PreviewFormat;
  /** XML only: the record path; guessed from the start of the file when absent. */
  recordPath?: string;
  /** Records and errors to collect together. */
  limit?: number;
}

/** The encoding, delimiter, separators or record path the reader settled on; each format fills the fields that apply to it. */
export interface PreviewDetails {
  encoding?: string;
  /** CSV: the field delimiter. */
  delimiter?: string;
  /** X12 and EDIFACT: the separators, by name. An empty string means the file sets none. */
  separators?: Record<string, string>;
  /** JSON: `array` or `jsonl`. */
  layout?: 'array' | 'jsonl';
  /** XML: the record path used. */
  recordPath?: string;
}

export interface FilePreview {
  path: string;
  format: PreviewFormat;
  /** True when the format came from the content rather than from the options. */
  formatDetected: boolean;
  details: PreviewDetails;
  records: PreviewRecord[];
  errors: PreviewError[];
  /** True when the whole file was read: there are no records or errors beyond those listed. */
  complete: boolean;
}

/**
 * Reads the start of `path` with the reader for its format. Problems in the content come back as
 * located errors; only a file that cannot be opened at all throws an InputError.
 */
export async function previewFile(path: string, options: PreviewOptions = {}): Promise<FilePreview> {
  await checkReadable(path);
  const limit = options.limit ?? DEFAULT_PREVIEW_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InputError(`the preview limit must be a whole number of at least 1; got ${limit}`, { field: 'limit' });
  }
  const format = options.format ?? (await detectFileFormat(path));
  const base = { path, format, formatDetected: options.format === undefined };
  switch (format) {
    case 'x12':
      return { ...base, ...(await previewX12(path, limit)) };
    case 'edifact':
      return { ...base, ...(await previewEdifact(path, limit)) };
    case 'csv':
      return { ...base, ...(await previewCsv(path, limit)) };
    case 'json':
      return { ...base, ...(await previewJson(path, limit)) };
    case 'xml':
      return { ...base, ...(await previewXml(path, limit, options.recordPath)) };
  }
}

type FormatPreview = SourcePreview & { details: PreviewDetails };

async function previewX12(path: string, limit: number): Promise<FormatPreview> {
  const result = await readX12File(path);
  const fileName = basename(path);
  const items = [
    ...result.records.flatMap((record) => previewItems(record, (issue) => describeX12Issue(fileName, record.data, issue))),
    ...result.errors.map((issue) => fileError(fileName, issue, 'x12')),
  ];
  const separators = result.separators === undefined ? undefined : { ...result.separators };
  return { details: { encoding: result.encoding, ...(separators === undefined ? {} : { separators }) }, ...takeItems(items, limit) };
}

async function previewEdifact(path: string, limit: number): Promise<FormatPreview> {
  const result = await readEdifactFile(path);
  const fileName = basename(path);
  const items = [
    ...result.records.flatMap((record) => previewItems(record, (issue) => describeEdifactIssue(fileName, record.data, issue))),
    ...result.errors.map((issue) => fileError(fileName, issue, 'edifact')),
  ];
  // Without an interchange the service characters are only the defaults, so they are not shown.
  const characters = result.interchangeCount === 0 ? undefined : result.serviceCharacters;
  const separators =
    characters === undefined
      ? undefined
      : {
          component: characters.component,
          element: characters.element,
          decimal: characters.decimal,
          release: characters.release,
          repetition: characters.repetition,
          segment: characters.segment,
        };
  return { details: { encoding: result.encoding, ...(separators === undefined ? {} : { separators }) }, ...takeItems(items, limit) };
}

async function previewCsv(path: string, limit: number): Promise<FormatPreview> {
  const { encoding, head } = await readTextHead(path);
  const delimiter = detectDelimiter(head, '"', 0);
  const preview = await previewSource(csvReadNode, { path, delimiter, ...(encoding === undefined ? {} : { encoding }) }, path, limit);
  return { details: { ...(encoding === undefined ? {} : { encoding }), delimiter }, ...preview };
}

async function previewJson(path: string, limit: number): Promise<FormatPreview> {
  const { encoding, head } = await readTextHead(path);
  const first = head.trimStart().charAt(0);
  let layout: PreviewDetails['layout'];
  if (first === '[') {
    layout = 'array';
  } else if (first === '{') {
    layout = 'jsonl';
  }
  const preview = await previewSource(jsonReadNode, { path, ...(encoding === undefined ? {} : { encoding }) }, path, limit);
  return { details: { ...(encoding === undefined ? {} : { encoding }), ...(layout === undefined ? {} : { layout }) }, ...preview };
}

async function previewXml(path: string, limit: number, recordPath: string | undefined): Promise<FormatPreview> {
  const head = await readHead(path, XML_HEAD_BYTES);
  let encoding: string;
  let text: string;
  try {
    const detected = detectXmlEncoding(head, path);
    encoding = detected.encoding;
    text = new TextDecoder(detected.encoding).decode(head.subarray(detected.bomLength));
  } catch (error) {
    if (error instanceof InputError) {
      return { details: {}, records: [], errors: [{ message: error.message }], complete: true };
    }
    throw error;
  }
  const chosenPath = recordPath ?? guessRecordPath(text);
  if (chosenPath === undefined) {
    const message = `${basename(path)}: no root element found in the first ${XML_HEAD_BYTES / 1024} KB; give the record path, such as Catalog/Item`;
    return { details: { encoding }, records: [], errors: [{ message }], complete: true };
  }
  const preview = await previewSource(xmlReadNode, { path, recordPath: chosenPath }, path, limit);
  return { details: { encoding, recordPath: chosenPath }, ...preview };
}

/**
 * Returns a set or message as a preview record, or, when it failed, one error per issue, each at
 * its own line (else the set's), so the error count counts every problem.
 */
function previewItems(record: { key: string | null; line: number; data: RecordData; errors: readonly EdiIssue[] }, describe: (issue: EdiIssue) => string): (PreviewRecord | PreviewError)[] {
  if (record.errors.length === 0) {
    return [{ key: record.key, line: record.line, data: record.data }];
  }
  return record.errors.map((issue) => ({ message: describe(issue), line: issue.line ?? record.line }));
}

function fileError(fileName: string, issue: EdiIssue, format: EdiFormat): PreviewError {
  return { message: describeFileIssue(fileName, issue, format), ...(issue.line === undefined ? {} : { line: issue.line }) };
}

/** Splits reader output, in file order, into the first `limit` records and errors. */
function takeItems(items: readonly (PreviewRecord | PreviewError)[], limit: number): SourcePreview {
  const taken = items.slice(0, limit);
  return {
    records: taken.filter((item): item is PreviewRecord => 'data' in item),
    errors: taken.filter((item): item is PreviewError => 'message' in item),
    complete: items.length <= limit,
  };
}

/** Decodes the first chunk of a text file the way csv.read and json.read do, and returns the encoding they settle on. */
async function readTextHead(path: string): Promise<{ encoding: TextEncoding | undefined; head: string }> {
  const reader = await TextFileReader.open(path);
  try {
    for await (const chunk of reader.chunks('auto')) {
      return { encoding: reader.encoding, head: chunk.text };
    }
    return { encoding: reader.encoding, head: '' };
  } finally {
    await reader.close();
  }
}

async function readHead(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Throws an InputError naming the path when it is missing, a folder, or cannot be read. */
async function checkReadable(path: string): Promise<void> {
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) {
      throw new InputError(`${path} is a folder, not a file`, { file: path });
    }
    const handle = await open(path, 'r');
    await handle.close();
  } catch (error) {
    if (error instanceof InputError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    let reason = 'cannot read';
    if (code === 'ENOENT') {
      reason = 'file not found';
    } else if (code === 'EACCES' || code === 'EPERM') {
      reason = 'permission denied reading';
    }
    throw new InputError(`${reason}: ${path}`, { file: path }, { cause: error });
  }
}
