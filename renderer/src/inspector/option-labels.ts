/** Labels for enum values that are single characters people cannot read as they are: tab, space, separators. */

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  '\t': 'Tab',
  ' ': 'Space',
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '|': 'Pipe (|)',
  '.': 'Point (.)',
  ':': 'Colon (:)',
  '"': 'Double quote (")',
  "'": "Single quote (')",
  '\n': 'Line feed (LF)',
  '\r\n': 'CR LF',
  '': 'none (empty)',
};

/**
 * Returns the label of an enum value: the schema's own title when it gave one (`label` differs
 * from the value), a name for separator characters, else the value itself.
 */
export function optionLabel(value: unknown, label: string | undefined): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (label !== undefined && label !== text) {
    return label;
  }
  if (typeof value === 'string' && value in CHARACTER_NAMES) {
    return CHARACTER_NAMES[value] as string;
  }
  return text;
}
