/**
 * Palette search: every word must appear in the kind's title, type, description, or in the names
 * and descriptions of its settings. Spaces, dashes and dots are ignored inside a word too, so
 * "lookup" finds "look up" and "csvread" finds "csv.read".
 */
import type { NodeKindInfo } from '../../../engine/api/index.js';

function compact(text: string): string {
  return text.replace(/[\s._-]+/g, '');
}

/** Collects setting names and descriptions from a config schema, nested ones included. */
function settingsText(schema: unknown, parts: string[] = []): string[] {
  if (schema === null || typeof schema !== 'object') {
    return parts;
  }
  const node = schema as Record<string, unknown>;
  if (typeof node.description === 'string') {
    parts.push(node.description);
  }
  if (node.properties !== null && typeof node.properties === 'object') {
    for (const [key, value] of Object.entries(node.properties)) {
      parts.push(key.replace(/([a-z0-9])([A-Z])/g, '$1 $2'));
      settingsText(value, parts);
    }
  }
  for (const key of ['items', 'anyOf', 'oneOf']) {
    const child = node[key];
    if (Array.isArray(child)) {
      child.forEach((item) => settingsText(item, parts));
    } else if (child !== undefined) {
      settingsText(child, parts);
    }
  }
  return parts;
}

const searchTexts = new WeakMap<NodeKindInfo, { text: string; compacted: string }>();

function searchText(kind: NodeKindInfo): { text: string; compacted: string } {
  let entry = searchTexts.get(kind);
  if (entry === undefined) {
    const text = [kind.title, kind.type, kind.description, ...settingsText(kind.configSchema)].join(' ').toLowerCase();
    entry = { text, compacted: compact(text) };
    searchTexts.set(kind, entry);
  }
  return entry;
}

/** Splits a search into lower-case words. */
export function searchWords(search: string): string[] {
  return search.toLowerCase().split(/\s+/).filter(Boolean);
}

export function matchesSearch(kind: NodeKindInfo, words: readonly string[]): boolean {
  const { text, compacted } = searchText(kind);
  return words.every((word) => text.includes(word) || compacted.includes(compact(word)));
}
