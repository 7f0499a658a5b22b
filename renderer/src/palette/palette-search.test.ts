import { describe, expect, it } from 'vitest';
import type { NodeKindInfo } from '../../../engine/api/index.js';
import { matchesSearch, searchWords } from './palette-search.js';

const mapKind: NodeKindInfo = {
  type: 'map',
  version: 1,
  category: 'transform',
  title: 'Map',
  description: 'Builds new records field by field: copy, rename, cast, look up codes, or compute with JSONata.',
  configSchema: { type: 'object', properties: { codeTables: { type: 'object', description: 'Named code tables for lookups.' }, keepUnmapped: { type: 'boolean' } } },
  defaultConfig: {},
  hasInput: true,
  defaultOutputs: ['out', 'error'],
};

describe('palette search', () => {
  it('matches words across spaces and dashes', () => {
    expect(matchesSearch(mapKind, searchWords('lookup'))).toBe(true);
    expect(matchesSearch(mapKind, searchWords('look-up codes'))).toBe(true);
  });

  it('matches setting names and descriptions', () => {
    expect(matchesSearch(mapKind, searchWords('code tables'))).toBe(true);
    expect(matchesSearch(mapKind, searchWords('keep unmapped'))).toBe(true);
  });

  it('needs every word', () => {
    expect(matchesSearch(mapKind, searchWords('map xml'))).toBe(false);
  });
});
