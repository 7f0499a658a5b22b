/**
 * Mistakes on the command line. A {@link UsageError} makes the CLI exit 64 with the error kind
 * `usage`, as a wrong option does, and not 1 as a failed run does.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import { readParametersFile, type ParameterOverride } from '../flow/parameters.js';

/** A value on the command line that the command cannot take, such as a run id that is not a number. */
export class UsageError extends InputError {}

/** Runs `parse` on a value from the command line, turning its InputError into a UsageError. */
export function parseArgument<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError && !(error instanceof UsageError)) {
      throw new UsageError(error.message, error.location, { cause: error });
    }
    throw error;
  }
}

/**
 * Rejects an option whose value is another option of the command, as in `runs --flow --json`:
 * the option was given no value, and taking `--json` as one would also drop the JSON output.
 */
export function rejectOptionsAsValues(command: Command): void {
  const names = new Set(command.options.flatMap((option) => [option.long, option.short].filter((name): name is string => name !== undefined)));
  for (const option of command.options) {
    const value: unknown = command.getOptionValue(option.attributeName());
    const values = Array.isArray(value) ? value : [value];
    const optionAsValue = values.find((item): item is string => typeof item === 'string' && names.has(item.split('=')[0] as string));
    if (optionAsValue !== undefined) {
      throw new UsageError(`${option.long ?? option.flags} needs a value, but the next word is the option ${optionAsValue}`);
    }
  }
}

/** Adds one value of a repeatable option, such as `--param`, to those before it. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Returns the parameter values of `--params-file` and `--param`; a `--param` overrides the file. */
export async function parameterOverrides(options: { param: string[]; paramsFile?: string }, flow: FlowDocument): Promise<Record<string, ParameterOverride>> {
  return {
    ...(options.paramsFile === undefined ? {} : await readParametersFile(resolve(options.paramsFile), flow)),
    ...Object.fromEntries(options.param.map(parseParameterAssignment)),
  };
}

/** Splits `name=value` from the command line. The value may itself contain `=`. */
export function parseParameterAssignment(text: string): [string, string] {
  const index = text.indexOf('=');
  if (index <= 0) {
    throw new UsageError(`--param '${text}' is not in the form name=value`);
  }
  return [text.slice(0, index), text.slice(index + 1)];
}
