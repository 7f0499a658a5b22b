import { InternalError } from '../errors.js';
import type { NodeKind } from '../sdk/node-kind.js';

/** The node kinds an engine can run, by `type`. */
export class NodeRegistry {
  private readonly kinds = new Map<string, NodeKind>();

  constructor(kinds: readonly NodeKind[]) {
    for (const kind of kinds) {
      if (this.kinds.has(kind.type)) {
        throw new InternalError(`node kind '${kind.type}' is registered twice`);
      }
      this.kinds.set(kind.type, kind);
    }
  }

  get(type: string): NodeKind | undefined {
    return this.kinds.get(type);
  }

  list(): NodeKind[] {
    return [...this.kinds.values()];
  }
}
