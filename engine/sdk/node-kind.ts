/**
 * The contract between the engine and a node kind. Every folder under `nodes/` exports one
 * {@link NodeKind} built with {@link defineNodeKind}; the engine knows nothing else about it.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import type { FlowRecord } from '../records.js';
import type { Logger } from '../logger.js';
import type { RetrySettings } from './retry-policy.js';

export const NODE_CATEGORIES = ['connector', 'transform', 'validate', 'route', 'approve'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/** The port every node has. Records that fail in a node go here, or to the dead letters when it is not connected. */
export const ERROR_PORT = 'error';
/** The single input port of every node that takes input. */
export const INPUT_PORT = 'in';

/** A problem in one node's configuration, found before the flow runs. */
export interface ConfigProblem {
  /** Dotted path inside `config`, for example `rules.2.expression`. Empty for the whole config. */
  field: string;
  message: string;
}

/** What {@link NodeKind.check} may use: the flow's folder and its parameters. */
export interface CheckContext {
  resolvePath(path: string): string;
  expressions: ExpressionCompiler;
}

export interface NodeKind<S extends TSchema = TSchema> {
  /** Stable identifier stored in flow files, `<family>.<verb>` or one word: `csv.read`, `map`. */
  readonly type: string;
  /** Current version of the kind. Flows saved with an older `typeVersion` are upgraded by {@link migrate}. */
  readonly version: number;
  readonly category: NodeCategory;
  /** Short name for the palette. */
  readonly title: string;
  /** One or two sentences for the palette tooltip and the CLI. */
  readonly description: string;
  /** JSON Schema of `config`; the TypeScript type of the config is derived from it. */
  readonly configSchema: S;
  /** Config of a new node dropped on the canvas. It must pass {@link configSchema}. */
  readonly defaultConfig: Static<S>;
  /** False for sources. Nodes with input have exactly one input port, {@link INPUT_PORT}. */
  readonly hasInput: boolean;
  /**
   * For kinds that are a source under some configs and take input under others, such as an HTTP
   * request that fetches pages or enriches records: returns whether a node with this config takes
   * input. The config may still contain `$param` references. Without it, {@link hasInput} decides.
   */
  takesInput?(config: Static<S>): boolean;
  /** Output ports for a config, without {@link ERROR_PORT}, which every node has. */
  outputs(config: Static<S>): string[];
  /** Checks that the schema cannot express (expression syntax, referenced files), by field. */
  check?(config: Static<S>, context: CheckContext): ConfigProblem[];
  /** Upgrades a config saved under an older version of this kind to the current one. */
  migrate?(config: unknown, fromVersion: number): unknown;
  /** Makes the instance that runs in one run. Throwing an InputError fails the run before any record moves. */
  create(config: Static<S>, context: NodeContext): NodeInstance | Promise<NodeInstance>;
}

/** Tells whether a node of `kind` with `config` takes input: {@link NodeKind.takesInput} when the kind has it, else `hasInput`. */
export function nodeTakesInput(kind: NodeKind, config: unknown): boolean {
  return kind.takesInput === undefined ? kind.hasInput : kind.takesInput(config);
}

/**
 * Declares a node kind. The identity function exists for type inference: `config` in every
 * method gets the type of the schema.
 */
export function defineNodeKind<S extends TSchema>(kind: NodeKind<S>): NodeKind<S> {
  return kind;
}

/**
 * One node in one run. Sources implement `run`; every other node implements `process`.
 * The runtime calls `process` with one batch at a time and flushes `out` after each call,
 * so a node never sees the next batch before its output has been accepted downstream.
 */
export interface NodeInstance {
  /** Sources only: produces every record. Call `await out.flush()` whenever `out.pending >= context.batchSize`. */
  run?(out: Output): Promise<void>;
  /** Handles one batch of input records. */
  process?(batch: readonly FlowRecord[], out: Output): void | Promise<void>;
  /** Called once after the last batch: flush buffers, commit writes (rename temporary files). */
  finish?(out: Output): void | Promise<void>;
  /** Called instead of `finish` when the run fails or is cancelled: discard partial work. */
  abort?(): void | Promise<void>;
}

/** Where a node sends records. `emit` and `fail` buffer; `flush` hands the buffers downstream. */
export interface Output {
  emit(port: string, record: FlowRecord): void;
  /**
   * Sends `record` (the input the node had) to the error port, or to the dead letters when no
   * edge leaves the error port. `attempts` is how often the node tried it, 1 unless retried.
   */
  fail(record: FlowRecord, error: unknown, attempts?: number): void;
  /** Records buffered since the last flush. */
  readonly pending: number;
  /** Hands buffered records downstream; resolves when every consumer has room (back-pressure). */
  flush(): Promise<void>;
}

/**
 * A file or body a node read, kept so the run can be started again on the same input: what a
 * source read, or a lookup file (a code table, a JSON Schema) a node read when it was created.
 */
export interface TriggerInput {
  nodeId: string;
  /** Absolute path of the file the node read. */
  path?: string;
  /** SHA-256 of the file's bytes, hex. */
  sha256?: string;
  size?: number;
  /** `lookup` for a file a node read at create, through {@link NodeContext.recordInput}; absent for a source's input. */
  role?: 'lookup';
}

/** A file a node read when it was created, such as a code table or a JSON Schema. */
export interface LookupInput {
  /** Absolute path of the file. */
  path: string;
  /** SHA-256 of the bytes read, hex. */
  sha256: string;
  size: number;
}

/** One record written to a sink target, as stored in the ledger. */
export interface Delivery {
  key: string | null;
  /** {@link contentHash} of the data written. */
  hash: string;
}

/** A change a sink is about to make outside Flowmason, for {@link DeliveryLedger.beginEffect}. */
export interface EffectLocation {
  target: string;
  /** Location at which the effect becomes visible, such as the final path of a file. */
  location: string;
  /** Location at which it is prepared first, such as the temporary file renamed to `location`. */
  temporaryLocation?: string;
}

/**
 * The ledger of sink writes, keyed by target, business key and content hash. Sinks use it through
 * {@link SinkDelivery} (engine/sdk/sink-delivery.ts), which keeps the protocol in one place.
 */
export interface DeliveryLedger {
  /** Records that these records reached `target` in this run, for effects that have already happened. */
  recordDeliveries(target: string, deliveries: readonly Delivery[]): Promise<void>;
  /** Returns the content hash last delivered to `target` for each key that has one. */
  lastDelivered(target: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** Returns the keys among `deliveries` whose key and hash already reached `target` in this run's lineage (the run, its parent, and so on). */
  deliveredInLineage(target: string, deliveries: readonly Delivery[]): Promise<Set<string>>;
  /** Counts records skipped because `target` already has them, on the step as `unchanged`. */
  recordUnchanged(target: string, keys: readonly (string | null)[]): Promise<void>;
  /** Starts an effect; its ledger rows stay pending until {@link confirmEffect}. Returns the effect id. */
  beginEffect(effect: EffectLocation): Promise<number>;
  stageDeliveries(effectId: number, deliveries: readonly Delivery[]): Promise<void>;
  /** Stores the SHA-256 of what the effect will put in place. Call it just before making the effect visible. */
  sealEffect(effectId: number, fingerprint: string): Promise<void>;
  /** The effect is visible: its ledger rows become deliveries. */
  confirmEffect(effectId: number): Promise<void>;
  /** The effect will never happen: its pending rows go. */
  discardEffect(effectId: number): Promise<void>;
}

/** Action an approve node takes on a record still undecided at its due time. */
export const OVERDUE_ACTIONS = ['escalate', 'reject', 'wait'] as const;
export type OverdueAction = (typeof OVERDUE_ACTIONS)[number];

/** Decision settings of records held by {@link NodeContext.holdForApproval}. */
export interface ApprovalRequest {
  assignee?: string;
  role?: string;
  /** Named approvers; when given, only they may decide. */
  approvers?: readonly string[];
  /** Approvals needed for the record to continue on `approved`. One rejection is enough to reject. */
  approvalsRequired: number;
  /** Fields of the data an approver may change while approving, with the fields inside them. */
  editableFields?: readonly string[];
  /** Dotted paths of the data fields shown to deciders in the approvals inbox; the editable fields when absent. */
  summaryFields?: readonly string[];
  /** Milliseconds from now until the approval is overdue; absent for no due time. */
  dueInMs?: number;
  onOverdue: OverdueAction;
}

/** Outcome of {@link NodeContext.retry}: the value, or the last error, with the attempts made. */
export type RetryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

export interface RetryOptions {
  /** The record the operation is for, named in the retry log lines. */
  record?: FlowRecord;
  /** More fields for the retry log lines, such as a URL without its query. Never a secret. */
  logFields?: Record<string, unknown>;
}

/** A compiled JSONata expression bound to the flow's parameters and Flowmason's functions. */
export interface CompiledExpression {
  readonly source: string;
  /**
   * Evaluates against a record: `$` is the data, `$key`, `$origin` and `$errors` come from the
   * envelope. Rejects with an InputError when the expression fails on this record or runs past
   * its time limit.
   */
  evaluate(record: FlowRecord): Promise<unknown>;
}

/** A code table: code to value, for example unit code `EA` to `each`. */
export type CodeTable = ReadonlyMap<string, string>;

/** A node's code tables by table name, as `$lookup` and `$inTable` see them. */
export type CodeTables = ReadonlyMap<string, CodeTable>;

/** Settings for one expression, given by the node that compiles it. */
export interface CompileOptions {
  /** Tables the expression may name in `$lookup` and `$inTable`. None when absent. */
  codeTables?: CodeTables;
  /** Time limit of one evaluation in milliseconds. Defaults to the compiler's limit. */
  timeoutMs?: number;
}

export interface ExpressionCompiler {
  /**
   * Compiles `source`. Throws an InputError with the position of a syntax error, an unknown
   * function or variable, or a code table missing from `options.codeTables`.
   */
  compile(source: string, options?: CompileOptions): CompiledExpression;
}

/** What a node instance may use during a run. */
export interface NodeContext {
  readonly runId: number;
  readonly flowId: string;
  readonly nodeId: string;
  /** Flow parameters after defaults and overrides. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Records per batch the runtime aims for. */
  readonly batchSize: number;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly expressions: ExpressionCompiler;
  readonly ledger: DeliveryLedger;
  /** Time the run started, ISO 8601, for file name templates. */
  readonly runStartedAt: string;
  /**
   * True when the run carries only some records (a replay, an approval decision) rather than
   * everything from the sources. A sink that rewrites its whole target must then keep what the
   * target contains and add to it.
   */
  readonly partialRun: boolean;
  /** The node's retry policy with defaults filled in and durations in milliseconds. */
  readonly retryPolicy: RetrySettings;
  /**
   * Calls `operation` until it succeeds, retrying `TransientError`s under {@link retryPolicy} with
   * exponential backoff, jitter and the delay the remote side asked for (`retryAfterMs`; one longer
   * than the maximum interval ends the retries). Other errors and the classes named in
   * `nonRetryableErrors` return at once. Throws when the run is cancelled.
   * Pass a failure on with `out.fail(record, outcome.error, outcome.attempts)`.
   */
  retry<T>(operation: (attempt: number) => Promise<T>, options?: RetryOptions): Promise<RetryOutcome<T>>;
  /**
   * Stores records as pending approvals; the run ends WAITING while any are undecided. A decision
   * is remembered per flow, approve node, business key and content: the records that an earlier
   * run held with the same key and content at this node, and that were approved or rejected, are
   * not held again but returned, with `decision` set and the data as it was decided (edits
   * included), for the node to send on. A record whose approval is still pending is not held twice.
   */
  holdForApproval(records: readonly FlowRecord[], request: ApprovalRequest): Promise<FlowRecord[]>;
  /** Resolves a path from config against the folder of the flow file. */
  resolvePath(path: string): string;
  /** Keeps the input a source read, so `rerun` can check it is unchanged. */
  recordTriggerInput(input: Omit<TriggerInput, 'nodeId' | 'role'>): void;
  /**
   * Keeps a file the node read when it was created, such as a code table or a JSON Schema, so
   * `rerun` can refuse to run on a different version of it. Call it from `create`.
   */
  recordInput(input: LookupInput): void;
}
