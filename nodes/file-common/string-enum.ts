import type { TUnsafe } from '@sinclair/typebox';
import { Type } from '../../engine/sdk/index.js';

/**
 * A string schema limited to `values`, written as JSON Schema `enum`. TypeBox's union of
 * literals becomes `anyOf`, which the flow checker can only report as "does not match any of
 * the allowed forms". With `enum` it lists the allowed values, and forms show a select.
 */
export function stringEnum<const T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
