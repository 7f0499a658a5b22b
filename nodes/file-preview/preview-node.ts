/**
 * Previews a source node of a flow, as the designer's Preview button shows it: the first records
 * the node makes with its own config, and, for the file readers, the format details the reader
 * settled on (encoding, delimiter, separators, record path) from {@link previewFile}.
 */
import { resolve } from 'node:path';
import { InputError, type NodeKind } from '../../engine/sdk/index.js';
import type { PreviewFormat } from './detect-format.js';
import { previewFile, type PreviewDetails } from './preview-file.js';
import { runSourcePreview, type SourcePreview } from './source-preview.js';

/** The reader behind each file source kind. */
const FILE_FORMATS: Readonly<Record<string, PreviewFormat>> = {
  'csv.read': 'csv',
  'json.read': 'json',
  'xml.read': 'xml',
  'x12.read': 'x12',
  'edifact.read': 'edifact',
};

export interface NodePreview extends SourcePreview {
  /** The file a file reader reads and what its reader found in it; null for other sources. */
  file: { path: string; format: string; details: PreviewDetails } | null;
}

export interface NodePreviewOptions {
  /** Folder relative paths resolve against: the flow file's folder. */
  baseDir: string;
  limit: number;
  params: Readonly<Record<string, unknown>>;
}

/**
 * Runs a source node kind with `config`, parameters and secrets already put in, until it has made
 * `limit` records and errors together. A config the node rejects becomes an error of the preview.
 */
export async function previewSourceNode(kind: NodeKind, config: unknown, options: NodePreviewOptions): Promise<NodePreview> {
  const preview = await runSourcePreview(kind, config, options);
  const format = FILE_FORMATS[kind.type];
  const path = (config as { path?: unknown } | null)?.path;
  if (format === undefined || typeof path !== 'string' || path === '') {
    return { ...preview, file: null };
  }
  const absolute = resolve(options.baseDir, path);
  const { recordPath, skipLines } = config as { recordPath?: unknown; skipLines?: unknown };
  try {
    const file = await previewFile(absolute, {
      format,
      limit: 1,
      ...(typeof recordPath === 'string' ? { recordPath } : {}),
      ...(format === 'csv' && typeof skipLines === 'number' ? { skipLines } : {}),
    });
    return { ...preview, file: { path: absolute, format, details: file.details } };
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw error;
    }
    // A file that cannot be opened is already the preview's error, reported by the node itself.
    return { ...preview, file: null };
  }
}
