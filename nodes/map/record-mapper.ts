/**
 * Applies a compiled map plan to records. Plans without JSONata map each record synchronously,
 * so a batch costs no promise per record; plans with JSONata await each expression in turn.
 * Records are evaluated one after another, never concurrently, so each expression's time limit
 * measures its own work only.
 */
import { codeText, InputError, RecordDataWriter, withData, type CompiledExpression, type FlowRecord, type Output, type RecordData } from '../../engine/sdk/index.js';
import { describeValue, type FieldStep, type KeyStep, type MapPlan } from './map-plan.js';

export const MAP_OUTPUT_PORT = 'out';

export class RecordMapper {
  constructor(private readonly plan: MapPlan) {}

  /** Maps a batch, emitting mapped records on `out` and failing the records that do not map. */
  process(batch: readonly FlowRecord[], out: Output): void | Promise<void> {
    if (this.plan.usesExpressions) {
      return this.processWithExpressions(batch, out);
    }
    for (const record of batch) {
      try {
        out.emit(MAP_OUTPUT_PORT, this.mapPlain(record));
      } catch (error) {
        out.fail(record, error);
      }
    }
    return undefined;
  }

  private async processWithExpressions(batch: readonly FlowRecord[], out: Output): Promise<void> {
    for (const record of batch) {
      try {
        out.emit(MAP_OUTPUT_PORT, await this.mapWithExpressions(record));
      } catch (error) {
        out.fail(record, error);
      }
    }
  }

  /** Maps one record whose plan has no JSONata. Throws an InputError for a value that does not fit. */
  mapPlain(record: FlowRecord): FlowRecord {
    const writer = this.startWriter(record.data);
    for (const step of this.plan.steps) {
      if (step.kind === 'plain') {
        setField(writer, step, step.compute(record.data));
      }
    }
    const next = withData(record, writer.root);
    if (this.plan.key?.kind === 'plain') {
      next.key = keyFrom(this.plan.key, this.plan.key.read(record.data));
    }
    return next;
  }

  /** Maps one record, evaluating its expression fields in field order. */
  async mapWithExpressions(record: FlowRecord): Promise<FlowRecord> {
    const writer = this.startWriter(record.data);
    for (const step of this.plan.steps) {
      const value = step.kind === 'plain' ? step.compute(record.data) : await evaluateFor(`field '${step.target}'`, step.expression, record, step.target);
      setField(writer, step, value);
    }
    const next = withData(record, writer.root);
    const key = this.plan.key;
    if (key !== undefined) {
      const value = key.kind === 'plain' ? key.read(record.data) : await evaluateFor('business key', key.expression, record);
      next.key = keyFrom(key, value);
    }
    return next;
  }

  private startWriter(data: RecordData): RecordDataWriter {
    if (!this.plan.keepUnmapped) {
      return new RecordDataWriter();
    }
    const unmapped: RecordData = {};
    for (const [name, value] of Object.entries(data)) {
      if (!this.plan.mappedInputFields.has(name)) {
        unmapped[name] = value;
      }
    }
    return new RecordDataWriter(unmapped);
  }
}

/** Evaluates an expression for one record; `label` (`field 'weight'` or `business key`) starts the message of an InputError. */
async function evaluateFor(label: string, expression: CompiledExpression, record: FlowRecord, field?: string): Promise<unknown> {
  try {
    return await expression.evaluate(record);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(`${label}: ${error.message}`, { ...error.location, ...(field === undefined ? {} : { field }) }, { cause: error });
    }
    throw error;
  }
}

/** Sets one output field; undefined leaves it out. */
function setField(writer: RecordDataWriter, step: FieldStep, value: unknown): void {
  if (value === undefined) {
    return;
  }
  const blocked = writer.set(step.segments, value);
  if (blocked !== undefined) {
    throw new InputError(`field '${step.target}': cannot be set because '${blocked}' is not an object in this record`, { field: step.target });
  }
}

/** Turns a key value into the business key: text or a number, never empty. */
function keyFrom(step: KeyStep, value: unknown): string {
  const where = step.kind === 'plain' ? `source '${step.source}'` : `expression '${step.expression.source}'`;
  if (value === undefined || value === null || value === '') {
    throw new InputError(`business key: ${where} is ${value === '' ? 'empty' : 'missing'} in this record`);
  }
  const text = typeof value === 'boolean' ? undefined : codeText(value);
  if (text === undefined) {
    throw new InputError(`business key: ${where} gave ${describeValue(value)}; a key must be text or a number`);
  }
  return text;
}
