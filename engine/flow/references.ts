/**
 * References inside node config: `{ "$param": "name" }` takes a flow parameter's value and
 * `{ "$secret": "name" }` a secret resolved at run time. A reference replaces a whole value.
 */

export type ReferenceKind = '$param' | '$secret';

export interface Reference {
  kind: ReferenceKind;
  name: string;
}

/** Tells whether a value is a reference object: exactly one key, `$param` or `$secret`, with a string. */
export function asReference(value: unknown): Reference | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    return undefined;
  }
  const kind = keys[0];
  const name = (value as Record<string, unknown>)[kind as string];
  if ((kind === '$param' || kind === '$secret') && typeof name === 'string') {
    return { kind, name };
  }
  return undefined;
}

/**
 * Returns a copy of `value` with every reference replaced by `resolve(reference, path)`.
 * `path` is the dotted path of the reference inside the value, for messages.
 */
export function replaceReferences(value: unknown, resolve: (reference: Reference, path: string) => unknown, path = ''): unknown {
  const reference = asReference(value);
  if (reference !== undefined) {
    return resolve(reference, path);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => replaceReferences(item, resolve, joinPath(path, String(index))));
  }
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = replaceReferences(item, resolve, joinPath(path, key));
    }
    return copy;
  }
  return value;
}

export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
