import { describe, expect, it } from 'vitest';
import { parseParameterAssignment, UsageError } from './arguments.js';

describe('parseParameterAssignment', () => {
  it('keeps equals signs in the value', () => {
    expect(parseParameterAssignment('filter=a=b')).toEqual(['filter', 'a=b']);
  });

  it('raises a usage error without a name', () => {
    expect(() => parseParameterAssignment('=3')).toThrow(new UsageError("--param '=3' is not in the form name=value"));
  });
});
