/**
 * Re-running a run: the same flow from its sources, with the parent's parameters, on the input it
 * read. The input files the parent's sources recorded, and the lookup files (code tables, JSON
 * Schemas) its nodes read when they were created, are hashed again first, so a re-run never
 * silently processes different data; sinks in delta mode skip what the parent already delivered.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { hashFile } from '../sdk/file-io.js';
import type { TriggerInput } from '../sdk/node-kind.js';
import { runFlow, type RunFlowOptions, type RunResult } from '../runtime/run-flow.js';
import type { RunSummary } from '../store/run-store.js';
import { continuationSetup, type ContinuationSetup, type FlowVersionChoice, type OperationContext } from './continue-run.js';

/** An input file that differs from what the parent run read. */
export interface InputChange {
  nodeId: string;
  path: string;
  recordedSha256: string;
  /** SHA-256 of the file now, or null when it is gone. */
  currentSha256: string | null;
  /** `lookup` for a file a node read at create, such as a code table. */
  role?: 'lookup';
}

export interface RerunRequest {
  runId: number;
  version: FlowVersionChoice;
  /** Re-run even when input or lookup files changed. */
  force?: boolean;
  run?: Pick<RunFlowOptions, 'signal' | 'onEvent' | 'batchSize' | 'sampleSize'>;
}

export interface RerunOutcome {
  parent: RunSummary;
  setup: ContinuationSetup;
  changes: InputChange[];
  result: RunResult;
}

/** Re-runs a run; throws an InputError before starting when the run cannot be re-run as asked. */
export async function rerunRun(context: OperationContext, request: RerunRequest): Promise<RerunOutcome> {
  const parent = await context.store.getRun(request.runId);
  if (parent === undefined) {
    throw new InputError(`run ${request.runId} not found in the run history`);
  }
  if (parent.status === 'RUNNING' || parent.status === 'QUEUED') {
    throw new InputError(`run ${parent.id} is still ${parent.status}; re-run it once it has ended`);
  }
  if (parent.reason === 'replay' || parent.reason === 'approval') {
    // A continuation read no input of its own, so there is nothing to check or read again.
    const rootHint = parent.parentRunId === null ? '' : `; re-run run ${parent.parentRunId} instead, or replay its dead letters`;
    throw new InputError(`run ${parent.id} is ${parent.reason === 'replay' ? 'a replay' : 'an approval run'}, which continued records of another run and read no input${rootHint}`);
  }
  const changes = await changedInputs(parent.trigger);
  if (changes.length > 0 && request.force !== true) {
    throw new InputError(`${changes.map((change) => describeChange(change, parent.id)).join('; ')}; pass --force to re-run on the files as they are now`);
  }
  const setup = await continuationSetup(context, parent, request.version);
  const result = await runFlow({ ...setup.base, ...request.run, continuation: { reason: 'rerun', parentRunId: parent.id } });
  return { parent, setup, changes, result };
}

/** Hashes each recorded input file again and returns those that differ. */
export async function changedInputs(inputs: readonly TriggerInput[]): Promise<InputChange[]> {
  const changes: InputChange[] = [];
  for (const input of inputs) {
    if (input.path === undefined || input.sha256 === undefined) {
      continue;
    }
    const current = existsSync(input.path) ? (await hashFile(input.path)).sha256 : null;
    if (current !== input.sha256) {
      changes.push({ nodeId: input.nodeId, path: input.path, recordedSha256: input.sha256, currentSha256: current, ...(input.role === undefined ? {} : { role: input.role }) });
    }
  }
  return changes;
}

/** Describes a changed input with the file and both hashes. */
export function describeChange(change: InputChange, runId: number): string {
  const file = `${change.role === 'lookup' ? 'lookup' : 'input'} file ${change.path} of node '${change.nodeId}'`;
  if (change.currentSha256 === null) {
    return `${file} is missing; run ${runId} read it with sha256 ${change.recordedSha256}`;
  }
  return `${file} changed since run ${runId}: sha256 was ${change.recordedSha256}, now ${change.currentSha256}`;
}
