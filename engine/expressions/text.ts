/**
 * Text normalisation and locale-aware number parsing for values that come from files and EDI
 * messages, where the same item name may arrive decomposed (NFD, as macOS writes file names) or
 * composed (NFC), padded with spaces, or with a decimal comma.
 */

/** Returns `text` in Unicode Normalization Form C, so `e` + U+0301 and `é` compare equal. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Normalises free text: Unicode NFC, trimmed, and every run of whitespace inside (spaces, tabs,
 * line breaks, no-break spaces) replaced by one space.
 */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export type DecimalSeparator = '.' | ',';

/** Characters accepted between digit groups besides the other separator: space, no-break space, narrow no-break space, apostrophe. */
const GROUP_SPACES = " \u00a0\u202f'";

const patterns = new Map<DecimalSeparator, RegExp>();

/**
 * Parses a number written with `decimalSeparator` (`.` by default): `1,234.56` with `.`, or
 * `1.234,56` with `,`. The other separator, a space or an apostrophe may group thousands, but
 * only in groups of three digits and the same character throughout, so `12.5` read with `,` is
 * not taken for 125. A sign may lead, or trail as in SAP exports (`12,50-`), and an exponent may
 * follow (`1.5E3`). Returns undefined for anything else, including the empty string. Numbers are
 * returned unchanged.
 */
export function parseNumber(text: unknown, decimalSeparator: DecimalSeparator = '.'): number | undefined {
  if (typeof text === 'number') {
    return Number.isFinite(text) ? text : undefined;
  }
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = numberPattern(decimalSeparator).exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const [, leadingSign = '', integerPart = '', , fraction = '', exponent = '', trailingSign = ''] = match;
  if (integerPart === '' && fraction === '') {
    return undefined;
  }
  if (leadingSign !== '' && trailingSign !== '') {
    return undefined;
  }
  const digits = integerPart.replace(/[^0-9]/g, '');
  const sign = leadingSign === '-' || trailingSign === '-' ? '-' : '';
  const value = Number(`${sign}${digits === '' ? '0' : digits}${fraction === '' ? '' : `.${fraction}`}${exponent}`);
  return Number.isFinite(value) ? value : undefined;
}

function numberPattern(decimalSeparator: DecimalSeparator): RegExp {
  let pattern = patterns.get(decimalSeparator);
  if (pattern === undefined) {
    const decimal = escapeForRegExp(decimalSeparator);
    const groups = escapeForRegExp(`${decimalSeparator === '.' ? ',' : '.'}${GROUP_SPACES}`);
    // Groups: 1 leading sign, 2 integer part (plain, or grouped with one repeated separator,
    // captured in 3), 4 fraction, 5 exponent, 6 trailing sign.
    pattern = new RegExp(
      `^([+-]?)(\\d+|\\d{1,3}([${groups}])\\d{3}(?:\\3\\d{3})*)?(?:${decimal}(\\d*))?([eE][+-]?\\d+)?([+-]?)$`,
      'u',
    );
    patterns.set(decimalSeparator, pattern);
  }
  return pattern;
}

function escapeForRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
