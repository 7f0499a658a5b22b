/**
 * JSONata's boolean cast (the rules of its `$boolean` function), for rules and route conditions
 * that pass when their expression is truthy.
 */

/**
 * Tells whether a JSONata result counts as true: a non-empty string, a non-zero number, a
 * non-empty object, or an array with at least one member that counts as true. Undefined, null,
 * functions and empty values count as false.
 */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null) {
    return false;
  }
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    case 'object':
      if (Array.isArray(value)) {
        return value.some((item) => isTruthy(item));
      }
      if (isJsonataFunction(value)) {
        return false;
      }
      return Object.keys(value).length > 0;
    default:
      return false;
  }
}

/** Tells whether a value is a JSONata lambda or a native function, which no record may hold. */
export function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') {
    return true;
  }
  return value !== null && typeof value === 'object' && ((value as { _jsonata_lambda?: unknown })._jsonata_lambda === true || (value as { _jsonata_function?: unknown })._jsonata_function === true);
}
