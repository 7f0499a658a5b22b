/**
 * Checks records against a compiled validate plan and sends them to `valid` or `invalid`.
 * Without JSONata rules a batch is checked synchronously, with no promise per record. A rule
 * whose expression fails on a record (a type error, a timeout) fails that record, because the
 * node could not decide whether it is valid.
 */
import { InputError, isTruthy, type FlowRecord, type Output, type RecordError } from '../../engine/sdk/index.js';
import { toRecordErrors } from './schema-errors.js';
import type { PlanRule, ValidatePlan } from './validate-plan.js';

export const VALID_PORT = 'valid';
export const INVALID_PORT = 'invalid';

export class RecordValidator {
  constructor(
    private readonly plan: ValidatePlan,
    private readonly nodeId: string,
  ) {}

  process(batch: readonly FlowRecord[], out: Output): void | Promise<void> {
    if (this.plan.usesExpressions) {
      return this.processWithExpressions(batch, out);
    }
    for (const record of batch) {
      try {
        const errors = this.schemaErrors(record);
        for (const rule of this.plan.rules) {
          if (rule.kind === 'plain' && !rule.test(record.data)) {
            errors.push(this.ruleError(rule));
          }
        }
        this.send(record, errors, out);
      } catch (error) {
        out.fail(record, error);
      }
    }
    return undefined;
  }

  private async processWithExpressions(batch: readonly FlowRecord[], out: Output): Promise<void> {
    for (const record of batch) {
      try {
        const errors = this.schemaErrors(record);
        for (const rule of this.plan.rules) {
          if (!(await this.passes(rule, record))) {
            errors.push(this.ruleError(rule));
          }
        }
        this.send(record, errors, out);
      } catch (error) {
        out.fail(record, error);
      }
    }
  }

  private schemaErrors(record: FlowRecord): RecordError[] {
    const validate = this.plan.schema;
    if (validate === undefined || validate(record.data)) {
      return [];
    }
    return toRecordErrors(validate.errors ?? [], record.data, this.nodeId);
  }

  private async passes(rule: PlanRule, record: FlowRecord): Promise<boolean> {
    if (rule.kind === 'plain') {
      return rule.test(record.data);
    }
    try {
      return isTruthy(await rule.expression.evaluate(record));
    } catch (error) {
      if (error instanceof InputError) {
        throw new InputError(`rule '${rule.name}': ${error.message}`, { ...error.location, ...(rule.field === undefined ? {} : { field: rule.field }) }, { cause: error });
      }
      throw error;
    }
  }

  private ruleError(rule: PlanRule): RecordError {
    return { ...(rule.field === undefined ? {} : { field: rule.field }), rule: rule.name, message: rule.message, node: this.nodeId };
  }

  /**
   * Emits a record with no errors on `valid`, and one with errors on `invalid`, after the errors it
   * already had. A field reported as required keeps only that error: a rule about a value that is
   * not there would only repeat it.
   */
  private send(record: FlowRecord, errors: RecordError[], out: Output): void {
    if (errors.length === 0) {
      out.emit(VALID_PORT, record);
      return;
    }
    const missing = new Set(errors.filter((error) => error.rule === 'required').map((error) => error.field));
    const kept = missing.size === 0 ? errors : errors.filter((error) => error.rule === 'required' || !missing.has(error.field));
    out.emit(INVALID_PORT, { ...record, errors: [...(record.errors ?? []), ...kept] });
  }
}
