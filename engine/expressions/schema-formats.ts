/**
 * JSON Schema formats Flowmason adds to ajv, for validate nodes: `"format": "gtin"` on a string
 * property checks the GS1 check digit. Each format also describes a failing value, so that
 * validation errors read as sentences about the data.
 */
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { describeInvalidGtin, isValidGln, isValidGtin, isValidSscc } from './gs1.js';

export interface FlowmasonFormat {
  /** Tells whether a string has the format. */
  validate: (value: string) => boolean;
  /** Completes the sentence "'<field>' <value> ..." for a value that fails, for example "fails the GTIN check digit". */
  describe: (value: string) => string;
}

/** Formats by the name used in `"format"`. */
export const FLOWMASON_FORMATS: Readonly<Record<string, FlowmasonFormat>> = {
  gtin: {
    validate: isValidGtin,
    describe: (value) => describeInvalidGtin(value) ?? 'is a valid GTIN',
  },
  gln: {
    validate: isValidGln,
    describe: (value) => (/^[0-9]{13}$/.test(value) ? 'fails the GLN check digit' : 'is not a GLN: it must be 13 digits'),
  },
  sscc: {
    validate: isValidSscc,
    describe: (value) => (/^[0-9]{18}$/.test(value) ? 'fails the SSCC check digit' : 'is not an SSCC: it must be 18 digits'),
  },
  nfc: {
    validate: (value) => value === value.normalize('NFC'),
    describe: () => 'is not in Unicode NFC (composed characters); normalise it with $nfc or $clean',
  },
};

/** Registers {@link FLOWMASON_FORMATS} on an ajv instance. Formats apply to strings; other types pass, as JSON Schema defines. */
export function addFlowmasonFormats(ajv: Ajv2020): Ajv2020 {
  for (const [name, format] of Object.entries(FLOWMASON_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate: (value: string) => format.validate(value) });
  }
  return ajv;
}
