/**
 * Mistakes on the command line. A {@link UsageError} makes the CLI exit 64 with the error kind
 * `usage`, as a wrong option does, and not 1 as a failed run does.
 */
import { InputError } from '../errors.js';

/** A value on the command line that the command cannot take, such as a run id that is not a number. */
export class UsageError extends InputError {}

/** Splits `name=value` from the command line. The value may itself contain `=`. */
export function parseParameterAssignment(text: string): [string, string] {
  const index = text.indexOf('=');
  if (index <= 0) {
    throw new UsageError(`--param '${text}' is not in the form name=value`);
  }
  return [text.slice(0, index), text.slice(index + 1)];
}
