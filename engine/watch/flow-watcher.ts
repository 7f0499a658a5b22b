/**
 * Runs a flow once per new file in the folders of its trigger nodes. A file is taken once it has
 * settled, hashed, and run with the trigger's parameter set to its path, unless a run of the same
 * flow already took the same bytes. Afterwards it moves to the done folder (COMPLETED,
 * COMPLETED_WITH_ERRORS, WAITING, or skipped as a copy) or to the failed folder (FAILED). A
 * cancelled run leaves its file where it is. Files are taken one at a time, in name order.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { errorMessage } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import type { ParameterOverride } from '../flow/parameters.js';
import { silentLogger, type Logger } from '../logger.js';
import { runFlow } from '../runtime/run-flow.js';
import type { SecretResolver } from '../runtime/secrets.js';
import type { RunStatus } from '../statuses.js';
import type { RunStore, WatchedFile, WatchedFileOutcome } from '../store/run-store.js';
import { hashFile } from './hash-file.js';
import { moveFileInto } from './move-file.js';
import { SettleTracker, type FileState } from './settle-tracker.js';
import type { WatchedFolder } from './watched-folder.js';

/** The outcome of one file the watcher took. */
export interface WatchedFileEvent {
  nodeId: string;
  /** Path of the file when it was taken. */
  file: string;
  sha256: string;
  outcome: WatchedFileOutcome;
  /** The run the file started; for SKIPPED, the earlier run that took the same content. */
  runId: number | null;
  /** The run's error, for a FAILED run. */
  error: string | null;
  /** Records the run sent to the dead letters; absent for SKIPPED. */
  deadLetters?: number;
  /** The file's path now, or null when it stayed in the watched folder. */
  movedTo: string | null;
  /** The error that kept the file from being moved, when there was one. */
  moveError?: string;
  /** For SKIPPED: the file that brought the same content first. */
  duplicateOf?: Pick<WatchedFile, 'fileName' | 'runId' | 'processedAt'>;
}

export interface FlowWatcherOptions {
  flow: FlowDocument;
  registry: NodeRegistry;
  store: RunStore;
  flowDir: string;
  flowPath: string;
  folders: readonly WatchedFolder[];
  /** Parameter overrides for every run; each trigger's own parameter is set per file. */
  params?: Readonly<Record<string, ParameterOverride>>;
  overrideDir?: string;
  secrets?: SecretResolver;
  logger?: Logger;
  onFile?: (event: WatchedFileEvent) => void;
}

/** Statuses after which a file has been dealt with and goes to the done folder. */
const DONE_STATUSES: ReadonlySet<RunStatus> = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'WAITING']);

export class FlowWatcher {
  private readonly trackers = new Map<string, SettleTracker>();
  /** Files that stayed in the folder after they were taken, with their size and time then. */
  private readonly heldBack = new Map<string, string>();
  private readonly logger: Logger;

  constructor(private readonly options: FlowWatcherOptions) {
    this.logger = options.logger ?? silentLogger;
    for (const folder of options.folders) {
      this.trackers.set(folder.nodeId, new SettleTracker(folder.settleTimeMs));
    }
  }

  /**
   * Takes every file that is in the folders now, waiting for files still being written to settle,
   * and returns when none is left. Files that arrive meanwhile are taken too.
   */
  async processPending(stop: AbortSignal, cancel?: AbortSignal): Promise<WatchedFileEvent[]> {
    const events: WatchedFileEvent[] = [];
    while (!stop.aborted) {
      const { taken, nextCheckInMs } = await this.poll(stop, cancel);
      events.push(...taken);
      if (taken.length === 0 && nextCheckInMs === undefined) {
        break;
      }
      if (taken.length === 0) {
        await sleep(nextCheckInMs ?? 0, stop);
      }
    }
    return events;
  }

  /** Polls the folders until `stop` is aborted; a run in progress finishes first unless `cancel` is aborted too. */
  async watch(stop: AbortSignal, cancel?: AbortSignal): Promise<void> {
    const intervalMs = Math.min(...this.options.folders.map((folder) => folder.pollIntervalMs));
    this.logger.info({ flowId: this.options.flow.id, folders: this.options.folders.map((folder) => folder.folder) }, 'watch started');
    while (!stop.aborted) {
      const { taken, nextCheckInMs } = await this.poll(stop, cancel);
      if (taken.length === 0) {
        await sleep(Math.min(intervalMs, nextCheckInMs ?? intervalMs), stop);
      }
    }
    this.logger.info({ flowId: this.options.flow.id }, 'watch stopped');
  }

  /** Lists every folder once and takes the files that have settled. */
  private async poll(stop: AbortSignal, cancel: AbortSignal | undefined): Promise<{ taken: WatchedFileEvent[]; nextCheckInMs: number | undefined }> {
    const taken: WatchedFileEvent[] = [];
    let nextCheckInMs: number | undefined;
    for (const folder of this.options.folders) {
      const tracker = this.trackers.get(folder.nodeId) as SettleTracker;
      const files = await this.listFiles(folder);
      const observed = tracker.observe(files, Date.now());
      if (observed.nextCheckInMs !== undefined) {
        nextCheckInMs = Math.min(nextCheckInMs ?? observed.nextCheckInMs, observed.nextCheckInMs);
      }
      for (const path of observed.settled.sort()) {
        if (stop.aborted) {
          break;
        }
        const event = await this.take(folder, path, cancel);
        tracker.forget(path);
        if (event !== undefined) {
          if (event.movedTo === null) {
            await this.holdBack(path);
          }
          taken.push(event);
          this.options.onFile?.(event);
        }
      }
    }
    return { taken, nextCheckInMs };
  }

  /** Lists the files of a folder that match its pattern, leaving out those held back and unchanged since. */
  private async listFiles(folder: WatchedFolder): Promise<FileState[]> {
    let names: string[];
    try {
      names = await readdir(folder.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw error;
    }
    const files: FileState[] = [];
    for (const name of names.filter((candidate) => folder.matches(candidate))) {
      const path = join(folder.folder, name);
      let stats;
      try {
        stats = await stat(path);
      } catch {
        continue; // Gone since the listing: another process took it.
      }
      if (!stats.isFile()) {
        continue;
      }
      const state = { path, size: stats.size, changedAtMs: Math.max(stats.mtimeMs, stats.ctimeMs) };
      const heldState = this.heldBack.get(path);
      if (heldState === `${state.size}:${state.changedAtMs}`) {
        continue;
      }
      this.heldBack.delete(path);
      files.push(state);
    }
    return files;
  }

  /** Runs the flow on one settled file, or skips it as a copy, then moves it. */
  private async take(folder: WatchedFolder, path: string, cancel: AbortSignal | undefined): Promise<WatchedFileEvent | undefined> {
    const { flow, store } = this.options;
    let content: { sha256: string; size: number };
    try {
      content = await hashFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
    const record = { flowId: flow.id, nodeId: folder.nodeId, sha256: content.sha256, fileName: basename(path), size: content.size };
    const earlier = await store.findCompletedWatchedFile(flow.id, content.sha256);
    if (earlier !== undefined) {
      const move = await this.move(path, folder.doneFolder);
      if (move.movedTo !== null) {
        await this.writeSkipNote(move.movedTo, content.sha256, earlier);
      }
      await store.recordWatchedFile({ ...record, outcome: 'SKIPPED', runId: earlier.runId, movedTo: move.movedTo });
      this.logger.info({ flowId: flow.id, nodeId: folder.nodeId, file: path, duplicateOfRunId: earlier.runId }, 'watched file skipped as a copy');
      return {
        nodeId: folder.nodeId,
        file: path,
        sha256: content.sha256,
        outcome: 'SKIPPED',
        runId: earlier.runId,
        error: null,
        ...move,
        duplicateOf: { fileName: earlier.fileName, runId: earlier.runId, processedAt: earlier.processedAt },
      };
    }

    const result = await runFlow({
      flow,
      registry: this.options.registry,
      store,
      flowDir: this.options.flowDir,
      flowPath: this.options.flowPath,
      params: { ...this.options.params, [folder.parameter]: path },
      overrideDir: this.options.overrideDir ?? process.cwd(),
      logger: this.logger,
      ...(this.options.secrets === undefined ? {} : { secrets: this.options.secrets }),
      ...(cancel === undefined ? {} : { signal: cancel }),
    });
    let move: { movedTo: string | null; moveError?: string } = { movedTo: null };
    if (DONE_STATUSES.has(result.status)) {
      // Remembered before the move: after a crash in between, the next watcher skips the file
      // as already run instead of running it again.
      const id = await store.recordWatchedFile({ ...record, outcome: result.status, runId: result.runId, movedTo: null });
      move = await this.move(path, folder.doneFolder);
      if (move.movedTo !== null) {
        await store.setWatchedFileLocation(id, move.movedTo);
      }
    } else if (result.status === 'FAILED') {
      move = await this.move(path, folder.failedFolder);
      await store.recordWatchedFile({ ...record, outcome: result.status, runId: result.runId, movedTo: move.movedTo });
    }
    this.logger.info({ flowId: flow.id, nodeId: folder.nodeId, runId: result.runId, status: result.status, file: path, movedTo: move.movedTo }, 'watched file run');
    return { nodeId: folder.nodeId, file: path, sha256: content.sha256, outcome: result.status, runId: result.runId, error: result.error, deadLetters: result.deadLetters, ...move };
  }

  /** Moves a file; a failure is logged and reported with the file left where it is. */
  private async move(path: string, folder: string): Promise<{ movedTo: string | null; moveError?: string }> {
    try {
      return { movedTo: await moveFileInto(path, folder) };
    } catch (error) {
      this.logger.error({ flowId: this.options.flow.id, file: path, folder, err: error }, 'moving a watched file failed');
      return { movedTo: null, moveError: errorMessage(error) };
    }
  }

  /**
   * Keeps a file that stayed in the folder (its move failed, or its run was cancelled) from being
   * taken again by this watcher until it changes. A new watcher takes it again.
   */
  private async holdBack(path: string): Promise<void> {
    try {
      const stats = await stat(path);
      this.heldBack.set(path, `${stats.size}:${Math.max(stats.mtimeMs, stats.ctimeMs)}`);
    } catch {
      // The file is gone, so there is nothing to hold back.
    }
  }

  /** Leaves a note beside a skipped copy in the done folder, saying which run took the same content. */
  private async writeSkipNote(movedTo: string, sha256: string, earlier: WatchedFile): Promise<void> {
    const note = [
      `${basename(movedTo)} was not run: its content (SHA-256 ${sha256}) was taken before`,
      `as ${earlier.fileName} by run ${earlier.runId ?? '-'} (${earlier.outcome}) on ${earlier.processedAt}${earlier.movedTo === null ? '' : `, now at ${relative(this.options.flowDir, earlier.movedTo)}`}.`,
      '',
    ].join('\n');
    try {
      await writeFile(`${movedTo}.note.txt`, note, { flag: 'wx' });
    } catch (error) {
      this.logger.warn({ flowId: this.options.flow.id, file: movedTo, err: error }, 'writing the note of a skipped file failed');
    }
  }
}

/** Waits `ms` milliseconds, or less when `signal` is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
