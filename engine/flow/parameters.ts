import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { FlowDocument, FlowParameter } from './flow-schema.js';

/** A parameter value as given on the command line or by the API, before its type is applied. */
export type ParameterOverride = string | number | boolean;

export interface ResolveParametersOptions {
  /** Folder of the flow file: relative `path` defaults are resolved against it. */
  flowDir: string;
  /** Folder relative `path` overrides are resolved against: the caller's working folder. */
  overrideDir: string;
}

/**
 * Returns the flow's parameter values: each default, replaced by its override where one is given,
 * converted to the declared type. `path` values become absolute paths. Throws an InputError naming
 * the parameter for an unknown name, a value of the wrong type, or a parameter with neither.
 */
export function resolveParameters(
  flow: FlowDocument,
  overrides: Readonly<Record<string, ParameterOverride>>,
  options: ResolveParametersOptions,
): Record<string, unknown> {
  const declared = flow.parameters ?? {};
  for (const name of Object.keys(overrides)) {
    if (!(name in declared)) {
      const known = Object.keys(declared);
      throw new InputError(
        `parameter '${name}' is not declared by flow '${flow.id}'; ${known.length === 0 ? 'it declares none' : `declared: ${known.join(', ')}`}`,
      );
    }
  }
  const values: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const override = overrides[name];
    if (override !== undefined) {
      values[name] = convert(name, parameter, override, options.overrideDir);
    } else if (parameter.default !== undefined) {
      values[name] = convert(name, parameter, parameter.default, options.flowDir);
    } else {
      throw new InputError(`parameter '${name}' has no default and no value was given; pass --param ${name}=VALUE`);
    }
  }
  return values;
}

function convert(name: string, parameter: FlowParameter, value: ParameterOverride, baseDir: string): unknown {
  switch (parameter.type) {
    case 'string':
      return String(value);
    case 'path': {
      const text = String(value);
      return isAbsolute(text) ? text : resolve(baseDir, text);
    }
    case 'number': {
      const number = typeof value === 'number' ? value : Number(String(value).trim());
      if (String(value).trim() === '' || !Number.isFinite(number)) {
        throw new InputError(`parameter '${name}' must be a number; got '${String(value)}'`);
      }
      return number;
    }
    case 'boolean': {
      if (typeof value === 'boolean') {
        return value;
      }
      if (value === 'true' || value === 'false') {
        return value === 'true';
      }
      throw new InputError(`parameter '${name}' must be true or false; got '${String(value)}'`);
    }
  }
}

/**
 * Reads parameter values from a JSON file of `{ "name": value }`, as admins keep one per
 * environment. Relative values of `path` parameters resolve against the file's folder, so a file
 * can sit beside the data it names.
 */
export async function readParametersFile(path: string, flow: FlowDocument): Promise<Record<string, ParameterOverride>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`parameters file ${path} cannot be read as JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError(`parameters file ${path} must contain a JSON object of parameter name to value`);
  }
  const values: Record<string, ParameterOverride> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InputError(`parameters file ${path}: parameter '${name}' must be a string, number or boolean`);
    }
    const declared = flow.parameters?.[name];
    values[name] = declared?.type === 'path' && typeof value === 'string' && !isAbsolute(value) ? resolve(dirname(path), value) : value;
  }
  return values;
}

/**
 * Returns the flow with each parameter's default replaced by its resolved value, so that checking
 * it (`checkFlow`) checks the node configs with the values a run would use.
 */
export function withParameterValues(flow: FlowDocument, values: Readonly<Record<string, unknown>>): FlowDocument {
  const parameters = Object.fromEntries(
    Object.entries(flow.parameters ?? {}).map(([name, parameter]) => {
      const value = values[name];
      return [name, typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? { ...parameter, default: value } : parameter];
    }),
  );
  return { ...flow, parameters };
}
