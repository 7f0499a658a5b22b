import { describe, expect, it } from 'vitest';
import { fieldPathLabel } from './field-path.js';

describe('fieldPathLabel', () => {
  it('numbers list items from 1 as the inspector does', () => {
    expect(fieldPathLabel('config.fields.1.expression')).toBe('fields-2 › expression');
  });

  it('keeps paths without list items', () => {
    expect(fieldPathLabel('config.path')).toBe('path');
    expect(fieldPathLabel('name')).toBe('name');
  });

  it('numbers nested lists', () => {
    expect(fieldPathLabel('config.routes.0.in.2')).toBe('routes-1 › in-3');
  });
});
