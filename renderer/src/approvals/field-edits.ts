/**
 * Editable fields of a held record as text inputs: text shows as it is, other values as JSON. The
 * typed text is read back in the type the field had, so a code stays text even when it looks like
 * a number.
 */

/** Returns the text an input shows for a field's value. */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  return value === undefined ? '' : JSON.stringify(value);
}

/**
 * Reads typed text back as a value: as text when the field held text (or nothing), else as JSON.
 * Throws an Error naming the field when a non-text field gets text that is not JSON.
 */
export function parseFieldText(field: string, original: unknown, text: string): unknown {
  if (original === undefined || typeof original === 'string') {
    return text;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SyntaxError(`field '${field}' held ${JSON.stringify(original)}; type a JSON value such as ${JSON.stringify(original)} or null`);
  }
}

/** Returns the fields whose text changed, with their new values; throws like {@link parseFieldText}. */
export function changedFields(data: Readonly<Record<string, unknown>>, texts: Readonly<Record<string, string>>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, text] of Object.entries(texts)) {
    if (text !== fieldText(data[field])) {
      changes[field] = parseFieldText(field, data[field], text);
    }
  }
  return changes;
}

/** Returns the value at a dotted path such as `hazard.unNumber` in a record's data, or undefined. */
export function valueAtPath(data: unknown, path: string): unknown {
  let value = data;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Returns the summary fields of an approval as one line, each value after the last part of its
 * path, such as `title: Drain cleaner · class: 8`. Empty values are left out.
 */
export function summaryLine(data: unknown, fields: readonly string[]): string {
  return fields
    .map((field) => [field.split('.').at(-1) ?? field, fieldText(valueAtPath(data, field))] as const)
    .filter(([, text]) => text !== '' && text !== 'null')
    .map(([name, text]) => `${name}: ${text}`)
    .join(' · ');
}
