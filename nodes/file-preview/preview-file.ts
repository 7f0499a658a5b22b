/**
 * Shows what Flowmason's readers make of a file: its format, the separators, delimiter and
 * encoding they settled on, the first records, and the located errors. `flowmason read` prints
 * it, and the designer can show a source node's first records with it.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { InputError, type RecordData } from '../../engine/sdk/index.js';
import { detectDelimiter, sampleFieldCounts } from '../csv-read/delimiter-detection.js';
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
import { inspectFile, type DetectedFormat, type FormatSource, type PreviewFormat } from './detect-format.js';
import { guessRecordPath } from './guess-record-path.js';
import { previewSource, type PreviewError, type PreviewRecord, type SourcePreview } from './source-preview.js';

export type { PreviewError, PreviewRecord } from './source-preview.js';

/** Records and errors shown unless the caller sets a limit. */
export const DEFAULT_PREVIEW_LIMIT = 20;

/** Characters of an XML file searched for the root element when no record path is given. */
const XML_HEAD_BYTES = 64 * 1024;

export interface PreviewOptions {
  /** The reader to use; detected from the content, else the file extension, when absent. */
  format?: PreviewFormat;
  /** CSV only: physical lines before the header, as csv.read's `skipLines`. */
  skipLines?: number;
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
  format: DetectedFormat;
  /** True when the format came from the file rather than from the options. */
  formatDetected: boolean;
  /** Source of the format: the options, the content, the file extension, or neither (CSV by default). */
  formatSource: FormatSource | 'option';
  /** False when Flowmason has no reader for the format (TRADACOMS): the file cannot be read. */
  supported: boolean;
  details: PreviewDetails;
  /** Suggestions about how to read the file, such as skipping a line before a CSV header. */
  hints: string[];
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
  const skipLines = options.skipLines ?? 0;
  if (!Number.isInteger(skipLines) || skipLines < 0) {
    throw new InputError(`the lines to skip must be a whole number of at least 0; got ${skipLines}`, { field: 'skipLines' });
  }
  const inspection = await inspectFile(path);
  const format = options.format ?? inspection.format;
  if (skipLines > 0 && format !== 'csv') {
    throw new InputError(`skipping lines applies to CSV files only, and ${basename(path)} is read as ${FORMAT_NAMES[format]}`, { file: path, field: 'skipLines' });
  }
  const base = {
    path,
    format,
    formatDetected: options.format === undefined,
    formatSource: options.format === undefined ? inspection.source : ('option' as const),
    supported: format !== 'tradacoms',
    hints: [],
  };
  if (inspection.blank) {
    return { ...base, details: {}, records: [], errors: [{ message: describeBlankFile(path, inspection.size) }], complete: true };
  }
  switch (format) {
    case 'tradacoms':
      return { ...base, details: {}, records: [], errors: [{ message: `${basename(path)}: the file starts with STX=, so it is a TRADACOMS file; Flowmason reads X12 and EDIFACT but not TRADACOMS, so ask the partner for one of those` }], complete: true };
    case 'x12':
      return { ...base, ...(await previewX12(path, limit)) };
    case 'edifact':
      return { ...base, ...(await previewEdifact(path, limit)) };
    case 'csv':
      return { ...base, ...(await previewCsv(path, limit, skipLines)) };
    case 'json':
      return { ...base, ...(await previewJson(path, limit)) };
    case 'xml':
      return { ...base, ...(await previewXml(path, limit, options.recordPath)) };
  }
}

/** Names of the formats in messages. */
const FORMAT_NAMES: Readonly<Record<DetectedFormat, string>> = { x12: 'X12', edifact: 'EDIFACT', tradacoms: 'TRADACOMS', csv: 'CSV', json: 'JSON', xml: 'XML' };

function describeBlankFile(path: string, size: number): string {
  return size === 0 ? `${basename(path)} is empty (0 bytes); there is nothing to read` : `${basename(path)} contains only blanks and line breaks (${size} bytes); there is nothing to read`;
}

type FormatPreview = SourcePreview & { details: PreviewDetails; hints?: string[] };

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

async function previewCsv(path: string, limit: number, skipLines: number): Promise<FormatPreview> {
  const { encoding, head } = await readTextHead(path);
  const delimiter = detectDelimiter(head, '"', skipLines);
  const config = { path, delimiter, ...(encoding === undefined ? {} : { encoding }), ...(skipLines === 0 ? {} : { skipLines }) };
  const preview = await previewSource(csvReadNode, config, path, limit);
  const hint = describeShortHeader(head, delimiter, skipLines);
  return { details: { ...(encoding === undefined ? {} : { encoding }), delimiter }, ...preview, ...(hint === undefined ? {} : { hints: [hint] }) };
}

/**
 * Returns a hint when the header line has far fewer fields than the lines after it (at most half
 * of their usual count), as when a metadata line comes before the real header.
 */
function describeShortHeader(head: string, delimiter: string, skipLines: number): string | undefined {
  const [first, ...rest] = sampleFieldCounts(head, delimiter, '"', skipLines);
  if (first === undefined || rest.length === 0) {
    return undefined;
  }
  const usual = mostFrequent(rest);
  if (usual < first * 2) {
    return undefined;
  }
  const line = skipLines + 1;
  return `line ${line} has ${first} fields but the lines after it have ${usual}; if line ${line} is not the header (a DATEV export starts with a metadata line), skip it: --skip-lines ${line} in flowmason read, skipLines ${line} in csv.read`;
}

function mostFrequent(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].sort((left, right) => right[1] - left[1] || right[0] - left[0])[0]?.[0] ?? 0;
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
