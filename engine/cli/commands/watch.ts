import { mkdir } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { collect, parameterOverrides } from '../arguments.js';
import { formatProblem, hasErrors, loadFlowFile } from '../../flow/load-flow.js';
import { createEnvironmentSecretResolver } from '../../runtime/secrets.js';
import { FlowWatcher, type WatchedFileEvent } from '../../watch/flow-watcher.js';
import type { WatchedFolder } from '../../watch/watched-folder.js';
import { EXIT, writeJsonError, type CliContext } from '../cli-context.js';
import { watchedFoldersOf } from '../watched-folders.js';

interface WatchOptions {
  param: string[];
  paramsFile?: string;
  db?: string;
  once?: boolean;
  json?: boolean;
}

export function registerWatch(program: Command, context: CliContext): void {
  program
    .command('watch')
    .description(
      'run a flow once per new file in the folders of its trigger.file-watch nodes, then move each file to done/ (or failed/ when its run FAILED); a file whose content an earlier run completed, with or without dead letters, is moved to done/ without a run (content whose run failed or still waits for approvals runs again)',
    )
    .argument('<file>', 'flow file (*.flow.json) with at least one trigger.file-watch node')
    .option('--param <name=value>', 'set a flow parameter for every run (repeatable); relative paths resolve against the current folder', collect, [])
    .option('--params-file <file>', 'read parameters from a JSON object of name to value; --param overrides it')
    .option('--db <path>', 'run history file, which also remembers the files taken (default: $FLOWMASON_HOME/history.db or ~/.flowmason/history.db)')
    .option('--once', 'take the files that are there now, wait for those still being written, then exit: 0 when every run completed or waits for approvals, 2 when one had dead letters, 1 when one failed, 130 when cancelled')
    .option('--json', 'print one JSON line per file instead of a text line')
    .action(async (file: string, options: WatchOptions) => {
      process.exitCode = await watchCommand(file, options, context);
    });
}

async function watchCommand(file: string, options: WatchOptions, context: CliContext): Promise<number> {
  const path = resolve(file);
  const loaded = await loadFlowFile(path, context.registry);
  for (const problem of loaded.problems) {
    process.stderr.write(`${formatProblem(problem, path)}\n`);
  }
  if (loaded.flow === undefined || hasErrors(loaded.problems)) {
    if (options.json === true) {
      const errors = loaded.problems.filter((problem) => problem.severity === 'error').map((problem) => formatProblem(problem, path));
      writeJsonError(errors.join('\n'), 'input');
    }
    return EXIT.failed;
  }
  const flow = loaded.flow;
  const overrides = await parameterOverrides(options, flow);
  const secrets = createEnvironmentSecretResolver();
  const folders = watchedFoldersOf({ flow, registry: context.registry, flowDir: dirname(path), overrides, overrideDir: process.cwd(), secrets });
  for (const folder of folders) {
    await mkdir(folder.folder, { recursive: true });
  }
  const store = await context.openStore(options);

  const events: WatchedFileEvent[] = [];
  const watcher = new FlowWatcher({
    flow,
    registry: context.registry,
    store,
    flowDir: dirname(path),
    flowPath: path,
    folders,
    params: overrides,
    overrideDir: process.cwd(),
    secrets,
    logger: context.logger,
    onFile: (event) => {
      events.push(event);
      process.stdout.write(`${options.json === true ? JSON.stringify(event) : describeEvent(event, folders)}\n`);
    },
  });

  const stop = new AbortController();
  const cancel = new AbortController();
  const onInterrupt = (): void => {
    if (!stop.signal.aborted) {
      process.stderr.write('\nstopping the watch; a run in progress finishes first, or press Ctrl-C again to cancel it\n');
      stop.abort();
    } else {
      cancel.abort();
    }
  };
  process.on('SIGINT', onInterrupt);
  try {
    if (options.once === true) {
      await watcher.processPending(stop.signal, cancel.signal);
      return onceExitCode(events);
    }
    if (options.json !== true) {
      const watched = folders.map((folder) => relative(process.cwd(), folder.folder) || '.').join(', ');
      process.stderr.write(`watching ${watched} for flow ${flow.id}; press Ctrl-C to stop\n`);
    }
    await watcher.watch(stop.signal, cancel.signal);
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** Exit code of `--once`: the worst outcome among the files taken. */
function onceExitCode(events: readonly WatchedFileEvent[]): number {
  if (events.some((event) => event.outcome === 'FAILED' || event.moveError !== undefined)) {
    return EXIT.failed;
  }
  if (events.some((event) => event.outcome === 'CANCELLED')) {
    return EXIT.cancelled;
  }
  if (events.some((event) => event.outcome === 'COMPLETED_WITH_ERRORS' || (event.outcome === 'WAITING' && (event.deadLetters ?? 0) > 0))) {
    return EXIT.completedWithErrors;
  }
  return EXIT.ok;
}

/**
 * Describes what happened to one file, with paths relative to its watched folder:
 * `run 3 COMPLETED  po-1.edi -> done/po-1.edi`.
 */
export function describeEvent(event: WatchedFileEvent, folders: readonly WatchedFolder[]): string {
  const base = folders.find((folder) => folder.nodeId === event.nodeId)?.folder ?? dirname(event.file);
  const shown = (path: string): string => relative(base, path);
  const destination = event.movedTo === null ? `stays in ${base}` : `-> ${shown(event.movedTo)}`;
  const moveProblem = event.moveError === undefined ? '' : `; cannot move it: ${event.moveError}`;
  if (event.outcome === 'SKIPPED') {
    const earlier = event.duplicateOf;
    return `skipped ${shown(event.file)}: same content as ${earlier?.fileName ?? 'an earlier file'} (run ${earlier?.runId ?? '-'})  ${destination}${moveProblem}`;
  }
  const error = event.error === null ? '' : `: ${event.error}`;
  return `run ${event.runId ?? '-'} ${event.outcome}${error}  ${shown(event.file)} ${destination}${moveProblem}`;
}
