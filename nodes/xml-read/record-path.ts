/**
 * The `recordPath` of xml.read: element names from the root down to the record element, separated
 * by `/`, such as `Catalog/Items/Item`. A `*` segment matches any one element name.
 */
import { isXmlName } from '../shared/xml-name.js';

/** Splits a record path into segments; a leading `/` is allowed. Returns an error message for a bad path. */
export function parseRecordPath(path: string): { segments: string[] } | { error: string } {
  const segments = path.replace(/^\//, '').split('/');
  if (path.trim() === '' || segments.some((segment) => segment === '')) {
    return { error: `record path '${path}' must list element names separated by '/', such as Catalog/Items/Item` };
  }
  const invalid = segments.find((segment) => segment !== '*' && !isXmlName(segment));
  if (invalid !== undefined) {
    return { error: `record path '${path}' contains '${invalid}', which is not an XML element name or '*'` };
  }
  return { segments };
}

/** Removes a namespace prefix: `ns:Item` becomes `Item`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
