/** Element and attribute names as XML 1.0 allows them, with non-ASCII letters accepted as a range rather than class by class. */
const NAME_PATTERN = /^[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\u00B7\u00C0-\uFFFF-]*$/;

/** Tells whether `name` can be an XML element or attribute name. */
export function isXmlName(name: string): boolean {
  return NAME_PATTERN.test(name);
}
