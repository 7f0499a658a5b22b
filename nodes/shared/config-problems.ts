import { describeInvalidFieldPath, InputError, type ConfigProblem } from '../../engine/sdk/index.js';

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

/**
 * Returns a problem for each dotted field path that the engine's field-path rules reject. Absent
 * and empty paths are skipped, because settings such as `target` use an empty path for the whole
 * record.
 */
export function fieldPathProblems(paths: readonly (readonly [field: string, path: string | undefined])[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [field, path] of paths) {
    const problem = path === undefined || path === '' ? undefined : describeInvalidFieldPath(path);
    if (problem !== undefined) {
      problems.push({ field, message: problem });
    }
  }
  return problems;
}
