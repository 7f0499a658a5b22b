/**
 * Run and step statuses. The same strings are stored in the run history, sent over the API
 * and printed by the CLI.
 */

export const RUN_STATUSES = [
  'QUEUED',
  'RUNNING',
  /** Some records are held for approval; the rest of the run has ended. */
  'WAITING',
  'COMPLETED',
  /** Finished, and dead letters exist. */
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELLED',
  /** The process running it died; found at the next start-up. */
  'INTERRUPTED',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set([
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
  'CANCELLED',
  'INTERRUPTED',
]);

/** Tells whether a run in this status will never change status again. `WAITING` is not terminal. */
export function isTerminalRunStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.has(status);
}

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

export const STEP_STATUSES = ['PENDING', 'RUNNING', 'WAITING', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Why a run exists. A `trigger` run starts at the flow's sources; the others are continuations. */
export const RUN_REASONS = ['trigger', 'rerun', 'replay', 'approval'] as const;
export type RunReason = (typeof RUN_REASONS)[number];

/**
 * States of a record held by an approve node. `PENDING` waits for people; the others are decided
 * and continue downstream from the port of the same name (`OVERDUE` from the `overdue` port).
 */
export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'OVERDUE'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
