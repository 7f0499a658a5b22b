import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Returns an ajv instance for JSON Schema 2020-12 with the standard formats, reporting every
 * error. `strict` is off so that schemas may carry editor hints in `x-` keywords.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is a CommonJS module whose default export arrives wrapped under NodeNext.
  const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
  addFormats(ajv);
  return ajv;
}
