import { resolve } from 'node:path';
import { UsageError } from '../arguments.js';
import type { Command } from 'commander';
import { writeDeadLetterFile } from '../../operations/dead-letter-file.js';
import { describeOrigin } from '../../records.js';
import type { DeadLetter } from '../../store/run-store.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { addDeadLetterFilterOptions, deadLetterFilter, hasDeadLetterFilter, type DeadLetterFilterOptions } from '../dead-letter-options.js';
import { parseRunCount } from '../run-controls.js';
import { formatTable } from '../table.js';

interface DeadLettersOptions extends DeadLetterFilterOptions {
  all?: boolean;
  json?: boolean;
  export?: string;
  limit?: string;
  db?: string;
}

export function registerDeadLetters(program: Command, context: CliContext): void {
  const command = program.command('dead-letters').description('list open dead letters: records that failed and reached no error port, oldest first');
  addDeadLetterFilterOptions(command)
    .option('--all', 'list closed dead letters too, with why they were closed')
    .option('--limit <count>', 'list at most this many')
    .option('--json', 'print the dead letters as JSON')
    .option('--export <file>', 'write the selected dead letters to a JSON Lines file (id, node, key, origin, error, data) to edit and replay with `replay --edited`')
    .option('--db <path>', 'run history file')
    .action(async (options: DeadLettersOptions) => {
      if (options.export !== undefined && options.all === true) {
        throw new UsageError('--export writes open dead letters only, because only those can be replayed; leave out --all');
      }
      const filter = deadLetterFilter(options);
      const limit = options.limit === undefined ? Number.MAX_SAFE_INTEGER : parseRunCount(options.limit, '--limit');
      const store = await context.openStore(options);
      const letters = await store.listDeadLetters({ ...filter, includeResolved: options.all === true, limit });
      if (options.export !== undefined) {
        const path = resolve(options.export);
        await writeDeadLetterFile(path, letters);
        process.stdout.write(`exported ${letters.length} dead letter${letters.length === 1 ? '' : 's'} to ${path}; edit their data, then run: flowmason replay --edited ${path}${options.db === undefined ? '' : ` --db ${store.path}`}\n`);
      } else if (options.json === true) {
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      } else if (letters.length === 0) {
        process.stdout.write(`no ${options.all === true ? '' : 'open '}dead letters${hasDeadLetterFilter(options) ? ' match' : ` in ${store.path}`}\n`);
      } else {
        process.stdout.write(`${deadLetterTable(letters, options.all === true)}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}

/** Renders dead letters as a table; with `closed`, a column gives the reason each closed one was closed. */
export function deadLetterTable(letters: readonly DeadLetter[], closed: boolean): string {
  return formatTable(
    ['ID', 'RUN', 'NODE', 'KEY', 'ORIGIN', 'ERROR', ...(closed ? ['CLOSED'] : [])],
    letters.map((letter) => [
      String(letter.id),
      String(letter.runId),
      letter.nodeId,
      letter.recordKey ?? '-',
      describeOrigin(letter.origin),
      letter.errorMessage,
      ...(closed ? [closedText(letter)] : []),
    ]),
  );
}

function closedText(letter: DeadLetter): string {
  if (letter.resolvedAt === null) {
    return '-';
  }
  return letter.resolution ?? 'resolved';
}
