/** Reading response bodies as record data. */
import { InputError } from '../../engine/sdk/index.js';
import type { HttpResponse } from './http-transport.js';
import { describeUrl } from './secret-redactor.js';

/**
 * Returns the body as JSON when it is JSON (by content type, or by its first character), as text
 * otherwise, and null when it is empty. Throws an InputError for a JSON content type whose body
 * does not parse.
 */
export function responseData(response: HttpResponse): unknown {
  const text = response.text;
  if (text.trim() === '') {
    return null;
  }
  const declaredJson = /\bjson\b/i.test(response.headers.get('content-type') ?? '');
  if (!declaredJson && !/^\s*[[{]/.test(text)) {
    return text;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!declaredJson) {
      return text;
    }
    throw new InputError(`${describeUrl(response.url)} returned a body that is not valid JSON: ${(error as Error).message}`);
  }
}
