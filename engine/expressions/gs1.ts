/**
 * GS1 identification keys: the mod-10 check digit shared by GTIN, GLN and SSCC, and GTIN
 * validation and normalisation. Plain functions, so nodes and JSON Schema formats can use them
 * without JSONata.
 *
 * The check digit rule (GS1 General Specifications, "Check digit calculation"): weight the digits
 * before the check digit 3, 1, 3, 1, ... starting from the rightmost one, sum them, and take the
 * amount that brings the sum up to the next multiple of ten.
 */

/** Lengths of the GTIN formats: GTIN-8 (EAN-8), GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14. */
export const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

const DIGITS = /^[0-9]+$/;

/**
 * Returns the GS1 check digit for `digits`, the key without its check digit, or undefined when
 * `digits` is empty or contains anything but the digits 0-9.
 */
export function gs1CheckDigit(digits: string): number | undefined {
  if (!DIGITS.test(digits)) {
    return undefined;
  }
  let sum = 0;
  let weight = 3;
  for (let index = digits.length - 1; index >= 0; index--) {
    sum += (digits.charCodeAt(index) - 48) * weight;
    weight = weight === 3 ? 1 : 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** Tells whether `code` is a string of `length` digits whose last digit is its GS1 check digit. */
export function hasValidGs1CheckDigit(code: string, length: number): boolean {
  if (code.length !== length || !DIGITS.test(code)) {
    return false;
  }
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * Tells whether `code` is a GTIN-8, -12, -13 or -14 with a correct check digit. Only digit strings
 * qualify: spaces, dashes and letters make a code invalid. Non-negative safe integers are read as
 * their decimal digits, so a GTIN-13 stored as a JSON number has lost its leading zero and may
 * then be read as a GTIN-12.
 */
export function isValidGtin(code: unknown): boolean {
  const text = gtinText(code);
  return text !== undefined && GTIN_LENGTHS.includes(text.length) && hasValidGs1CheckDigit(text, text.length);
}

/**
 * Returns a valid GTIN as 14 digits, padded with leading zeros (the form GS1 uses in databases
 * and in AI (01)), or undefined when `code` is not a valid GTIN.
 */
export function normalizeGtin(code: unknown): string | undefined {
  const text = gtinText(code);
  if (text === undefined || !isValidGtin(text)) {
    return undefined;
  }
  return text.padStart(14, '0');
}

/** Tells whether `code` is a 13-digit GLN (Global Location Number) with a correct check digit. */
export function isValidGln(code: unknown): boolean {
  return typeof code === 'string' && hasValidGs1CheckDigit(code, 13);
}

/** Tells whether `code` is an 18-digit SSCC (Serial Shipping Container Code) with a correct check digit. */
export function isValidSscc(code: unknown): boolean {
  return typeof code === 'string' && hasValidGs1CheckDigit(code, 18);
}

/** Describes why `code` is not a valid GTIN, for messages; undefined when it is valid. */
export function describeInvalidGtin(code: unknown): string | undefined {
  const text = gtinText(code);
  if (text === '') {
    return 'is empty; a GTIN has 8, 12, 13 or 14 digits';
  }
  if (text === undefined || !DIGITS.test(text)) {
    return 'is not a GTIN: it must contain only the digits 0-9';
  }
  if (!GTIN_LENGTHS.includes(text.length)) {
    return `is not a GTIN: it has ${text.length} digits; a GTIN has 8, 12, 13 or 14`;
  }
  if (!hasValidGs1CheckDigit(text, text.length)) {
    return 'fails the GTIN check digit';
  }
  return undefined;
}

function gtinText(code: unknown): string | undefined {
  if (typeof code === 'string') {
    return code;
  }
  if (typeof code === 'number' && Number.isSafeInteger(code) && code >= 0) {
    return String(code);
  }
  return undefined;
}
