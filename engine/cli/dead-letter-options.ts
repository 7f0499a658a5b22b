/**
 * The filter options shared by `dead-letters` and `replay`: `--run`, `--flow`, `--node`, `--key`,
 * `--error` and `--since`.
 */
import type { Command } from 'commander';
import { UsageError } from './arguments.js';
import { DURATION_TEXT_PATTERN, durationToMs } from '../sdk/duration.js';
import type { DeadLetterFilter } from '../store/run-store.js';

export interface DeadLetterFilterOptions {
  run?: string;
  flow?: string;
  node?: string;
  key?: string;
  error?: string;
  since?: string;
}

/** Adds the filter options to a command. */
export function addDeadLetterFilterOptions(command: Command): Command {
  return command
    .option('--run <id>', 'only dead letters of this run')
    .option('--flow <id>', 'only dead letters of this flow id')
    .option('--node <id>', 'only dead letters of records that failed at this node')
    .option('--key <key>', 'only dead letters of records with this business key')
    .option('--error <text>', 'only dead letters whose error contains this text (any case)')
    .option('--since <time>', 'only dead letters created since this time (ISO 8601, such as 2026-12-01T08:00Z) or this long ago (such as 24h or 7d)');
}

/** Turns the options into a store filter, rejecting malformed values with the option's name. */
export function deadLetterFilter(options: DeadLetterFilterOptions, now: Date = new Date()): Omit<DeadLetterFilter, 'includeResolved' | 'limit' | 'ids'> {
  const filter: Omit<DeadLetterFilter, 'includeResolved' | 'limit' | 'ids'> = {};
  if (options.run !== undefined) {
    filter.runId = parseRunId(options.run, '--run');
  }
  if (options.flow !== undefined) {
    filter.flowId = options.flow;
  }
  if (options.node !== undefined) {
    filter.nodeId = options.node;
  }
  if (options.key !== undefined) {
    filter.recordKey = options.key;
  }
  if (options.error !== undefined) {
    filter.errorText = options.error;
  }
  if (options.since !== undefined) {
    filter.since = parseSince(options.since, now);
  }
  return filter;
}

/** Tells whether any filter option was given. */
export function hasDeadLetterFilter(options: DeadLetterFilterOptions): boolean {
  return [options.run, options.flow, options.node, options.key, options.error, options.since].some((value) => value !== undefined);
}

/** Parses a run id given as `option`. */
export function parseRunId(text: string, option: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) {
    throw new UsageError(`${option} must be a run id, a positive whole number; got '${text}'`);
  }
  return id;
}

/** Parses `--since`: an ISO time, or a duration meaning that long before `now`. */
export function parseSince(text: string, now: Date): string {
  if (new RegExp(DURATION_TEXT_PATTERN).test(text)) {
    return new Date(now.getTime() - durationToMs(text, '--since')).toISOString();
  }
  const time = Date.parse(text);
  if (Number.isNaN(time)) {
    throw new UsageError(`--since must be an ISO 8601 date or time such as 2026-12-01 or a duration such as 24h; got '${text}'`);
  }
  return new Date(time).toISOString();
}
