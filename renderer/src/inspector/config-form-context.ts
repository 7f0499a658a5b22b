/** Context every field of a node's config form gets: the node it belongs to, and the field's own path. */
import type { FieldPathList } from '@rjsf/utils';

/** The rjsf `formContext` of a config form. */
export interface ConfigFormContext {
  nodeId: string;
}

/** Reads the node id from a form context; empty outside a config form. */
export function configFormNodeId(formContext: unknown): string {
  const context = formContext as Partial<ConfigFormContext> | undefined;
  return typeof context?.nodeId === 'string' ? context.nodeId : '';
}

/** Returns the dotted path of a field from its node, as the host names fields in problems: `config.codeTables`. */
export function configFieldPath(path: FieldPathList): string {
  return ['config', ...path.map(String)].join('.');
}
