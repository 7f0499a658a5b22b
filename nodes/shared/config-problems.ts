import { InputError, type ConfigProblem } from '../../engine/sdk/index.js';

/**
 * Throws the first problem as an InputError. `create` calls this with the kind's own `check`,
 * because a run may start from a flow that was never loaded through the checking loader.
 */
export function throwFirstProblem(problems: readonly ConfigProblem[]): void {
  const problem = problems[0];
  if (problem !== undefined) {
    throw new InputError(`config field '${problem.field}': ${problem.message}`, { field: problem.field });
  }
}
