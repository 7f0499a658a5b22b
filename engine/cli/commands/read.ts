import { extname, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PREVIEW_FORMATS, type PreviewFormat } from '../../../nodes/file-preview/detect-format.js';
import { DEFAULT_PREVIEW_LIMIT, previewFile, type FilePreview, type PreviewDetails } from '../../../nodes/file-preview/preview-file.js';
import { EXIT } from '../cli-context.js';

interface ReadOptions {
  format?: PreviewFormat;
  recordPath?: string;
  skipLines: number;
  json?: boolean;
  limit: number;
}

/** Characters of one field value shown before it is cut; `--json` shows everything. */
const VALUE_WIDTH = 100;

export function registerRead(program: Command): void {
  program
    .command('read')
    .description(
      'show the records a reader makes of a file, the separators, delimiter and encoding it found, and the located errors; exit 0 without errors, 2 with errors, 1 when the file cannot be read (missing, or in a format Flowmason has no reader for, such as TRADACOMS)',
    )
    .argument('<file>', 'file to read: X12, EDIFACT, CSV, JSON or XML')
    .addOption(new Option('--format <format>', 'reader to use instead of detecting it from the content, else from the file extension').choices(PREVIEW_FORMATS))
    .option('--record-path <path>', "XML: element names from the root to the record element, such as Catalog/Item (default: the shallowest element that repeats)")
    .option('--skip-lines <count>', 'CSV: physical lines to skip before the header, such as the metadata line of a DATEV export', parseSkipLines, 0)
    .option('--json', 'print the whole preview as JSON')
    .option('--limit <count>', 'records and errors to show, together', parseLimit, DEFAULT_PREVIEW_LIMIT)
    .action(async (file: string, options: ReadOptions) => {
      const preview = await previewFile(resolve(file), {
        limit: options.limit,
        ...(options.format === undefined ? {} : { format: options.format }),
        ...(options.recordPath === undefined ? {} : { recordPath: options.recordPath }),
        ...(options.skipLines === 0 ? {} : { skipLines: options.skipLines }),
      });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      } else {
        process.stdout.write(`${formatPreview(preview, file)}\n`);
      }
      if (!preview.supported) {
        process.exitCode = EXIT.failed;
      } else {
        process.exitCode = preview.errors.length > 0 ? EXIT.completedWithErrors : EXIT.ok;
      }
    });
}

function parseSkipLines(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(count)) {
    throw new InvalidArgumentError('expected a whole number of at least 0');
  }
  return count;
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1');
  }
  return limit;
}

/** Renders a preview for the terminal: a header of what was detected, then each record's fields and each error. */
export function formatPreview(preview: FilePreview, shownPath: string): string {
  const header: [string, string][] = [
    ['file', shownPath],
    ['format', describeFormat(preview)],
    ...detailLines(preview.details),
    ['read', summary(preview)],
    ...preview.hints.map((hint): [string, string] => ['hint', hint]),
  ];
  const labelWidth = Math.max(...header.map(([label]) => label.length));
  const lines = header.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`);

  preview.records.forEach((record, index) => {
    lines.push('', `record ${index + 1}${record.line === undefined ? '' : `  line ${record.line}`}${record.key === null ? '' : `  key ${record.key}`}`);
    const fields = Object.entries(record.data);
    const nameWidth = Math.max(0, ...fields.map(([name]) => name.length));
    for (const [name, value] of fields) {
      lines.push(`  ${name.padEnd(nameWidth)}  ${shorten(JSON.stringify(value) ?? 'undefined')}`);
    }
  });
  preview.errors.forEach((error, index) => {
    lines.push('', `error ${index + 1}${error.line === undefined ? '' : `  line ${error.line}`}`, `  ${error.message}`);
  });
  return lines.join('\n');
}

/** Names the format and what decided it: `x12 (detected from the content)`. */
function describeFormat(preview: FilePreview): string {
  const reasons: string[] = [];
  switch (preview.formatSource) {
    case 'content':
      reasons.push('detected from the content');
      break;
    case 'extension':
      reasons.push(`from the file extension ${extname(preview.path)}`);
      break;
    case 'default':
      reasons.push('neither the content nor the file extension names a format; --format chooses another');
      break;
    case 'option':
      break;
  }
  if (!preview.supported) {
    reasons.push('not supported');
  }
  return reasons.length === 0 ? preview.format : `${preview.format} (${reasons.join('; ')})`;
}

function detailLines(details: PreviewDetails): [string, string][] {
  const lines: [string, string][] = [];
  if (details.encoding !== undefined) {
    lines.push(['encoding', details.encoding]);
  }
  if (details.delimiter !== undefined) {
    lines.push(['delimiter', describeCharacter(details.delimiter)]);
  }
  if (details.separators !== undefined) {
    lines.push(['separators', Object.entries(details.separators).map(([name, character]) => `${name} ${describeCharacter(character)}`).join(', ')]);
  }
  if (details.layout !== undefined) {
    lines.push(['layout', details.layout === 'array' ? 'one JSON array' : 'JSON Lines']);
  }
  if (details.recordPath !== undefined) {
    lines.push(['record path', details.recordPath]);
  }
  return lines;
}

function summary(preview: FilePreview): string {
  const count = (number: number, noun: string): string => `${number} ${noun}${number === 1 ? '' : 's'}`;
  const shown = `${count(preview.records.length, 'record')} and ${count(preview.errors.length, 'error')}`;
  return preview.complete ? `${shown}; the whole file` : `the first ${shown}; more follow (--limit shows more)`;
}

/** Names a separator so that blanks and line breaks are visible. */
function describeCharacter(character: string): string {
  switch (character) {
    case '':
      return '(none)';
    case '\n':
      return 'line break';
    case '\t':
      return 'tab';
    case ' ':
      return 'space';
    default:
      return `'${character}'`;
  }
}

function shorten(text: string): string {
  return text.length <= VALUE_WIDTH ? text : `${text.slice(0, VALUE_WIDTH - 1)}…`;
}
