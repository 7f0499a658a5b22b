/**
 * The settings `flowmason watch` needs from a trigger.file-watch node: absolute folders, the file
 * name test, and durations in milliseconds.
 */
import { isAbsolute, resolve } from 'node:path';
import { durationToMs, InputError } from '../../engine/sdk/index.js';
import { compileFilePattern } from './file-pattern.js';
import type { FileWatchConfig } from './trigger-file-watch.schema.js';

export const DEFAULT_PATTERN = '*';
export const DEFAULT_DONE_FOLDER = 'done';
export const DEFAULT_FAILED_FOLDER = 'failed';
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
export const DEFAULT_SETTLE_TIME_MS = 2_000;

export interface FileWatchSettings {
  nodeId: string;
  /** Absolute path of the watched folder. */
  folder: string;
  matches(fileName: string): boolean;
  /** The flow parameter that receives each file's path. */
  parameter: string;
  doneFolder: string;
  failedFolder: string;
  pollIntervalMs: number;
  settleTimeMs: number;
}

/**
 * Resolves a trigger node's config, its `$param` references already replaced. `resolvePath`
 * resolves against the flow file's folder. Throws an InputError naming the field for a bad
 * pattern or duration.
 */
export function fileWatchSettings(nodeId: string, config: FileWatchConfig, resolvePath: (path: string) => string): FileWatchSettings {
  const matches = compileFilePattern(config.pattern ?? DEFAULT_PATTERN);
  if (typeof matches !== 'function') {
    throw new InputError(`node '${nodeId}' field 'config.pattern': ${matches.error}`, { nodeId, field: 'pattern' });
  }
  const folder = resolvePath(config.folder);
  const inside = (path: string): string => (isAbsolute(path) ? path : resolve(folder, path));
  return {
    nodeId,
    folder,
    matches,
    parameter: config.parameter,
    doneFolder: inside(config.doneFolder ?? DEFAULT_DONE_FOLDER),
    failedFolder: inside(config.failedFolder ?? DEFAULT_FAILED_FOLDER),
    pollIntervalMs: config.pollInterval === undefined ? DEFAULT_POLL_INTERVAL_MS : durationToMs(config.pollInterval, `node '${nodeId}' config.pollInterval`),
    settleTimeMs: config.settleTime === undefined ? DEFAULT_SETTLE_TIME_MS : durationToMs(config.settleTime, `node '${nodeId}' config.settleTime`),
  };
}
