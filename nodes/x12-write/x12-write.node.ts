/**
 * `x12.write`: writes records as X12 interchanges into one file, atomically (temporary file, then
 * rename), and records each written set in the ledger under `file:<absolute path>`, its business
 * key and the hash of its segments, once the file is committed.
 */
import {
  AtomicFileWriter,
  contentHash,
  defineNodeKind,
  errorMessage,
  InputError,
  type Delivery,
  type FlowRecord,
} from '../../engine/sdk/index.js';
import { findSeparatorConflict, DEFAULT_WRITE_SEPARATORS, type X12WriteSeparators } from '../x12-common/x12-serializer.js';
import type { EdiSegment } from '../edi-common/edi-types.js';
import { X12InterchangeWriter, type InterchangePartners, type SetToWrite } from '../x12-common/x12-interchange-writer.js';
import { readControlNumbers, writeControlNumbers } from './control-number-counter.js';
import { interchangeSegmentsFromRecord, isInterchangeSegmentRecord, setFromRecord } from './set-from-record.js';
import { X12WriteConfigSchema, type X12WriteConfig } from './x12-write.schema.js';

const LINE_BREAKS = { none: '', lf: '\n', crlf: '\r\n' } as const;

export const x12WriteNode = defineNodeKind({
  type: 'x12.write',
  version: 1,
  category: 'connector',
  title: 'Write X12',
  description: 'Writes transaction sets (generic segments, or 850, 855, 856, 810 and 997 documents) as X12 interchanges with generated control numbers and counts.',
  configSchema: X12WriteConfigSchema,
  defaultConfig: { path: '' },
  hasInput: true,
  outputs: () => [],
  check(config) {
    const problems = [];
    if (config.path.trim() === '') {
      problems.push({ field: 'path', message: 'path is empty; choose the file to write' });
    }
    const separators = writeSeparators(config);
    const used = [separators.element, separators.component, separators.repetition, separators.segment];
    if (new Set(used).size !== used.length) {
      problems.push({ field: 'separators', message: `separators must all differ; got element '${separators.element}', component '${separators.component}', repetition '${separators.repetition}', segment '${separators.segment}'` });
    }
    return problems;
  },
  async create(config, context) {
    const template = context.resolvePath(config.path);
    const path = template.replaceAll('{runId}', String(context.runId)).replaceAll('{flowId}', context.flowId).replaceAll('{nodeId}', context.nodeId);
    const counterFile = config.controlNumbers?.counterFile === undefined ? undefined : context.resolvePath(config.controlNumbers.counterFile);
    const start = await readControlNumbers(counterFile, config.controlNumbers?.start ?? 1);
    const file = new AtomicFileWriter(path);
    const writer = new X12InterchangeWriter(
      {
        separators: writeSeparators(config),
        version: config.version ?? '00401',
        usage: config.usage ?? 'P',
        acknowledgmentRequested: config.acknowledgmentRequested ?? false,
        start,
        now: new Date(),
      },
      async (text) => {
        try {
          await file.write(text);
        } catch (error) {
          throw describeFileError(path, error);
        }
      },
    );
    const deliveries: Delivery[] = [];
    const delta = config.mode === 'delta';

    return {
      async process(batch, out) {
        const candidates: { record: FlowRecord; item: WriteItem; hash: string }[] = [];
        for (const record of batch) {
          try {
            const item = writeItemFromRecord(record, config);
            const body = item.kind === 'set' ? item.set.body : item.segments;
            const conflict = findSeparatorConflict(body, writer.effectiveSeparators);
            if (conflict !== undefined) {
              const where = item.kind === 'set' ? `set ${item.set.setId}: ${conflict.element} (segment ${conflict.segmentId} at position ${conflict.segmentPosition + 1} of the set)` : conflict.element;
              throw new InputError(`${where} contains the separator ${JSON.stringify(conflict.separator)} in '${conflict.value}'; X12 cannot escape it, so choose other separators`, { field: conflict.element });
            }
            const hash = item.kind === 'set' ? contentHash({ setId: item.set.setId, body }) : contentHash({ segments: body });
            candidates.push({ record, item, hash });
          } catch (error) {
            out.fail(record, error instanceof InputError ? error : new InputError(errorMessage(error), {}, { cause: error }));
          }
        }
        const keys = candidates.map((candidate) => candidate.record.key).filter((key): key is string => key !== null);
        const delivered = delta && keys.length > 0 ? await context.ledger.lastDelivered(`file:${template}`, keys) : new Map<string, string>();
        for (const candidate of candidates) {
          const key = candidate.record.key;
          if (key !== null && delivered.get(key) === candidate.hash) {
            continue;
          }
          try {
            const { item } = candidate;
            if (item.kind === 'set') {
              await writer.add(item.set);
            } else {
              await writer.addInterchangeSegments(item, item.segments);
            }
            deliveries.push({ key, hash: candidate.hash });
          } catch (error) {
            if (!(error instanceof InputError)) {
              throw error;
            }
            out.fail(candidate.record, error);
          }
        }
      },
      async finish() {
        await writer.end();
        if (delta && deliveries.length === 0) {
          await file.discard();
          return;
        }
        try {
          await file.commit();
        } catch (error) {
          await file.discard().catch(() => undefined);
          throw describeFileError(path, error);
        }
        if (counterFile !== undefined) {
          await writeControlNumbers(counterFile, writer.nextControlNumbers);
        }
        if (deliveries.length > 0) {
          await context.ledger.recordDeliveries(`file:${delta ? template : path}`, deliveries);
        }
      },
      async abort() {
        await file.discard();
      },
    };
  },
});

/** Item to write for one record: a transaction set, or interchange-level segments such as a TA1. */
type WriteItem = { kind: 'set'; set: SetToWrite } | ({ kind: 'interchange' } & InterchangePartners & { segments: EdiSegment[] });

function writeItemFromRecord(record: FlowRecord, config: X12WriteConfig): WriteItem {
  if (isInterchangeSegmentRecord(record)) {
    return { kind: 'interchange', ...interchangeSegmentsFromRecord(record, config) };
  }
  return { kind: 'set', set: setFromRecord(record, config) };
}

/** Turns the file-system errors a person can fix into InputErrors that name the path. */
function describeFileError(path: string, error: unknown): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return new InputError(`permission denied writing ${path}`, { file: path }, { cause: error });
    case 'EISDIR':
      return new InputError(`cannot write ${path}: it is a folder`, { file: path }, { cause: error });
    case 'ENOTDIR':
      return new InputError(`cannot write ${path}: part of the path is a file, not a folder`, { file: path }, { cause: error });
    default:
      return error;
  }
}

function writeSeparators(config: X12WriteConfig): X12WriteSeparators {
  const configured = config.separators ?? {};
  return {
    element: configured.element ?? DEFAULT_WRITE_SEPARATORS.element,
    component: configured.component ?? DEFAULT_WRITE_SEPARATORS.component,
    repetition: configured.repetition ?? DEFAULT_WRITE_SEPARATORS.repetition,
    segment: configured.segment ?? DEFAULT_WRITE_SEPARATORS.segment,
    lineBreak: LINE_BREAKS[configured.lineBreak ?? 'lf'],
  };
}
