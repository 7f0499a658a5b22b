/**
 * Replaying dead letters: open dead letters chosen by filter (or by the ids of an edited export)
 * are continued at the node where they failed, or at a chosen node, as a new run per parent run.
 * A selection can span several runs and flow versions. Each parent gets its own replay run, so
 * lineage stays exact and each replay runs the flow version its parent ran, or the current one.
 */
import { InputError } from '../errors.js';
import { upgradeConfig } from '../flow/load-flow.js';
import { withData, type FlowRecord } from '../records.js';
import { nodeTakesInput } from '../sdk/node-kind.js';
import { runFlow, type ContinuationEntry, type RunFlowOptions, type RunResult } from '../runtime/run-flow.js';
import type { DeadLetter, DeadLetterEdit, DeadLetterFilter, RunSummary } from '../store/run-store.js';
import { continuationSetup, type ContinuationSetup, type FlowVersionChoice, type OperationContext } from './continue-run.js';
import { readEditedDeadLetters, type EditedDeadLetter } from './dead-letter-file.js';

export interface ReplayRequest {
  /** Filter of the open dead letters to replay; ignored when `ids` or `editedFile` is given. */
  filter: Omit<DeadLetterFilter, 'includeResolved' | 'limit' | 'ids'>;
  /** Replays exactly these dead letters, which must all be open; ignored when `editedFile` is given. */
  ids?: readonly number[];
  /** New data for some of the dead letters in `ids`, by id, as an operator edited it before the replay. */
  edits?: ReadonlyMap<number, Record<string, unknown>>;
  /** Origin of `edits`, kept with each edit in the history, such as `designer`. */
  editSource?: string;
  /** Continue at this node instead of the node where each dead letter failed. */
  fromNode?: string;
  version: FlowVersionChoice;
  /** A file written by `dead-letters --export` and edited: its ids select the dead letters and its data replaces theirs. */
  editedFile?: string;
  run?: Pick<RunFlowOptions, 'signal' | 'onEvent' | 'batchSize' | 'sampleSize'>;
}

/** One replay run and what it took. */
export interface ReplayOutcome {
  parent: RunSummary;
  setup: ContinuationSetup;
  deadLetters: DeadLetter[];
  /** Entry nodes with the number of records fed to each. */
  entries: { nodeId: string; records: number }[];
  edits: number;
  result: RunResult;
}

/** Selects the dead letters a request names; throws an InputError for a selection that cannot be replayed. */
export async function selectDeadLetters(
  context: OperationContext,
  request: ReplayRequest,
): Promise<{ letters: DeadLetter[]; edited: Map<number, Pick<EditedDeadLetter, 'data'>> }> {
  if (request.editedFile === undefined && request.ids !== undefined) {
    return selectChosenDeadLetters(context, request.ids, request.edits ?? new Map());
  }
  if (request.editedFile === undefined) {
    const letters = await context.store.listDeadLetters({ ...request.filter, limit: Number.MAX_SAFE_INTEGER });
    return { letters, edited: new Map() };
  }
  const edited = await readEditedDeadLetters(request.editedFile);
  const letters = await context.store.listDeadLetters({ ids: edited.map((entry) => entry.id), includeResolved: true, limit: Number.MAX_SAFE_INTEGER });
  const byId = new Map(letters.map((letter) => [letter.id, letter]));
  for (const entry of edited) {
    const letter = byId.get(entry.id);
    if (letter === undefined) {
      throw new InputError(`${request.editedFile} line ${entry.line}: dead letter ${entry.id} is not in the run history`, { file: request.editedFile, line: entry.line });
    }
    if (letter.resolvedAt !== null) {
      throw new InputError(
        `${request.editedFile} line ${entry.line}: dead letter ${entry.id} is already closed (${letter.resolution ?? 'resolved'}); export the open dead letters again`,
        { file: request.editedFile, line: entry.line },
      );
    }
  }
  return { letters, edited: new Map(edited.map((entry) => [entry.id, entry])) };
}

/** Selects dead letters by id, each of which must be open, with the edits given for them. */
async function selectChosenDeadLetters(
  context: OperationContext,
  ids: readonly number[],
  edits: ReadonlyMap<number, Record<string, unknown>>,
): Promise<{ letters: DeadLetter[]; edited: Map<number, Pick<EditedDeadLetter, 'data'>> }> {
  const letters = await context.store.listDeadLetters({ ids, includeResolved: true, limit: Number.MAX_SAFE_INTEGER });
  const byId = new Map(letters.map((letter) => [letter.id, letter]));
  for (const id of ids) {
    const letter = byId.get(id);
    if (letter === undefined) {
      throw new InputError(`dead letter ${id} is not in the run history`);
    }
    if (letter.resolvedAt !== null) {
      throw new InputError(`dead letter ${id} is already closed (${letter.resolution ?? 'resolved'}); choose open dead letters`);
    }
  }
  for (const id of edits.keys()) {
    if (!byId.has(id)) {
      throw new InputError(`edited data is given for dead letter ${id}, which is not among those to replay`);
    }
  }
  return { letters, edited: new Map([...edits].map(([id, data]) => [id, { data }])) };
}

/** Replays the selected dead letters, one run per parent run, oldest parent first. */
export async function replayDeadLetters(context: OperationContext, request: ReplayRequest): Promise<ReplayOutcome[]> {
  const { letters, edited } = await selectDeadLetters(context, request);
  const groups = new Map<number, DeadLetter[]>();
  for (const letter of letters) {
    groups.set(letter.runId, [...(groups.get(letter.runId) ?? []), letter]);
  }
  // Every group is checked before any replay starts, so a bad request replays nothing.
  const prepared: { parent: RunSummary; setup: ContinuationSetup; letters: DeadLetter[] }[] = [];
  for (const [runId, group] of [...groups].sort(([a], [b]) => a - b)) {
    const parent = await context.store.getRun(runId);
    if (parent === undefined) {
      throw new InputError(`run ${runId} of dead letter ${group[0]?.id} is not in the run history`);
    }
    const setup = await continuationSetup(context, parent, request.version);
    for (const letter of group) {
      checkEntryNode(context, setup, request.fromNode ?? letter.nodeId, letter);
    }
    prepared.push({ parent, setup, letters: group });
  }

  const outcomes: ReplayOutcome[] = [];
  for (const { parent, setup, letters: group } of prepared) {
    const byNode = new Map<string, FlowRecord[]>();
    const edits: Omit<DeadLetterEdit, 'runId'>[] = [];
    for (const letter of group) {
      const entry = edited.get(letter.id);
      let record = letter.record;
      if (entry !== undefined && JSON.stringify(entry.data) !== JSON.stringify(letter.record.data)) {
        record = withData(letter.record, entry.data);
        edits.push({ deadLetterId: letter.id, dataBefore: letter.record.data, dataAfter: entry.data, source: request.editedFile ?? request.editSource ?? '' });
      }
      const nodeId = request.fromNode ?? letter.nodeId;
      byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), record]);
    }
    const entries: ContinuationEntry[] = [...byNode].map(([nodeId, records]) => ({ nodeId, records }));
    const result = await runFlow({
      ...setup.base,
      ...request.run,
      continuation: {
        reason: 'replay',
        parentRunId: parent.id,
        entries,
        deadLetterIds: group.map((letter) => letter.id),
        ...(edits.length === 0 ? {} : { deadLetterEdits: edits }),
      },
    });
    outcomes.push({ parent, setup, deadLetters: group, entries: [...byNode].map(([nodeId, records]) => ({ nodeId, records: records.length })), edits: edits.length, result });
  }
  return outcomes;
}

function checkEntryNode(context: OperationContext, setup: ContinuationSetup, nodeId: string, letter: DeadLetter): void {
  const node = setup.flow.nodes.find((candidate) => candidate.id === nodeId);
  const version = `${setup.version} version ${setup.hash.slice(0, 12)} of flow '${setup.flow.id}'`;
  if (node === undefined) {
    const known = setup.flow.nodes.map((candidate) => candidate.id).join(', ');
    throw new InputError(`dead letter ${letter.id} cannot continue at node '${nodeId}': the ${version} has no such node; its nodes are ${known}`);
  }
  const kind = context.registry.get(node.type);
  if (kind !== undefined && !nodeTakesInput(kind, upgradeConfig(node, kind))) {
    throw new InputError(`dead letter ${letter.id} cannot continue at node '${nodeId}': it is a source and takes no input; pick a node after it with --from-node`);
  }
}
