/**
 * The record envelope. Every record carries its business key and its origin through every node,
 * so the run history can answer "what happened to item 10-4471".
 */

/** Where a record came from. */
export interface RecordOrigin {
  /** Id of the source node that produced it. */
  node: string;
  /** Input file, when the source reads files. */
  file?: string;
  /** 1-based line of the record's first line in the file. */
  line?: number;
  /** 0-based position of the record among those its source produced. */
  index: number;
}

/** One rule a record broke, as found by a validate node or a reader. */
export interface RecordError {
  /** Dotted path of the field, when the rule concerns one field. */
  field?: string;
  /** Short name of the rule, for example `required`, `gtin-check-digit`, `uom-code`. */
  rule: string;
  message: string;
  /** Node that found it. */
  node?: string;
}

/** A person's decision on a record held by an approve node, attached when the record continues. */
export interface ApprovalDecision {
  approvalId: number;
  /** The approve node that held the record; a later approve node holds the record again. */
  nodeId: string;
  /** `overdue` when nobody decided before the due time and the node escalates. */
  outcome: 'approved' | 'rejected' | 'overdue';
  /** Names of the people whose decisions settled it; empty for an escalation. */
  decidedBy?: string[];
  /** When it was settled, ISO 8601. */
  decidedAt?: string;
  /** Comment of the decision that settled it, when one was given. */
  comment?: string;
}

export type RecordData = Record<string, unknown>;

export interface FlowRecord<T extends RecordData = RecordData> {
  /** Business key (item number, customer number, GTIN), or null when the source has none configured. */
  key: string | null;
  origin: RecordOrigin;
  data: T;
  /** Rules the record broke; set by validate nodes for records sent to `invalid`. */
  errors?: RecordError[];
  /** Set on records that continue past an approve node after a decision. */
  decision?: ApprovalDecision;
}

/** Copies the envelope of `record` onto new data; key, origin and errors follow the record. */
export function withData<T extends RecordData>(record: FlowRecord, data: T): FlowRecord<T> {
  const next: FlowRecord<T> = { key: record.key, origin: record.origin, data };
  if (record.errors !== undefined) {
    next.errors = record.errors;
  }
  if (record.decision !== undefined) {
    next.decision = record.decision;
  }
  return next;
}

/** Describes where a record came from, for messages: `items.csv line 14` or `node 'read' record 3`. */
export function describeOrigin(origin: RecordOrigin): string {
  if (origin.file !== undefined) {
    const base = origin.file.split(/[\\/]/).pop() ?? origin.file;
    return origin.line !== undefined ? `${base} line ${origin.line}` : `${base} record ${origin.index + 1}`;
  }
  return `node '${origin.node}' record ${origin.index + 1}`;
}
