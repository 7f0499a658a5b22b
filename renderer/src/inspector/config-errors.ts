/** Turns the host's problems on one node into rjsf's error schema, so each shows under its field. */
import type { ErrorSchema } from '@rjsf/utils';
import type { FlowProblemInfo } from '../../../engine/api/index.js';

/** Problems whose field lies inside `config` become errors on that path; the rest stay out of the form. */
export function configErrorSchema(problems: readonly FlowProblemInfo[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const problem of problems) {
    if (problem.field === undefined || (problem.field !== 'config' && !problem.field.startsWith('config.'))) {
      continue;
    }
    const path = problem.field === 'config' ? [] : problem.field.slice('config.'.length).split('.');
    let target = root;
    for (const segment of path) {
      target = (target[segment] ??= {}) as Record<string, unknown>;
    }
    const errors = (target.__errors ??= []) as string[];
    errors.push(problem.message);
  }
  return root as ErrorSchema;
}
