/**
 * The validate node: checks each record against a JSON Schema and a list of rules, and sends it
 * to `valid`, or to `invalid` with every failure in `record.errors`.
 */
import { defineNodeKind, InputError, readCodeTables, type CheckContext, type ConfigProblem, type LookupInput } from '../../engine/sdk/index.js';
import { INVALID_PORT, RecordValidator, VALID_PORT } from './record-validator.js';
import { planValidate, type ValidatePlan } from './validate-plan.js';
import { ValidateConfigSchema, type ValidateConfig } from './validate.schema.js';

export const validateNode = defineNodeKind({
  type: 'validate',
  version: 1,
  category: 'validate',
  title: 'Validate',
  description: 'Checks records against a JSON Schema and rules; invalid records carry every failure in their errors.',
  configSchema: ValidateConfigSchema,
  defaultConfig: { schema: { type: 'object' } },
  hasInput: true,
  outputs: () => [VALID_PORT, INVALID_PORT],
  check(config, context) {
    return compileValidate(config, context).problems;
  },
  create(config, context) {
    const { plan, problems, files } = compileValidate(config, context);
    if (plan === undefined) {
      throw new InputError(`invalid validate config: ${problems.map((problem) => `${problem.field === '' ? 'config' : problem.field}: ${problem.message}`).join('; ')}`);
    }
    files.forEach((file) => context.recordInput(file));
    const validator = new RecordValidator(plan, context.nodeId);
    return {
      process: (batch, out) => validator.process(batch, out),
    };
  },
});

/** Compiles the config; `files` are the code table and schema files read, for `context.recordInput`. */
function compileValidate(
  config: ValidateConfig,
  context: Pick<CheckContext, 'expressions' | 'resolvePath'>,
): { plan?: ValidatePlan; problems: ConfigProblem[]; files: LookupInput[] } {
  const { tables, problems, files } = readCodeTables(config.codeTables, context.resolvePath);
  if (problems.length > 0) {
    return { problems, files };
  }
  const planned = planValidate(config, tables, context.expressions, context.resolvePath);
  return { ...planned, files: [...files, ...planned.files] };
}
