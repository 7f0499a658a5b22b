/**
 * Builds the readable document of a transaction set from its segments and back. The 856 ship
 * notice gets one more step: its HL loops form a tree through HL01 (id) and HL02 (parent id),
 * which the document shows nested, shipment to orders to packs to items.
 */
import type { EdiIssue, EdiSegment } from '../edi-common/edi-types.js';
import { readDocument, writeDocument } from '../edi-common/segment-map.js';
import { X12_SET_TYPES } from './x12-document-maps.js';
import type { X12Separators } from './x12-header.js';

/** Array that holds the children of an HL node, by the children's level code (HL03). */
const CHILD_ARRAYS: Readonly<Record<string, string>> = { S: 'shipments', O: 'orders', T: 'tares', P: 'packs', I: 'items' };
const OTHER_CHILDREN = 'children';
const CHILD_ARRAY_ORDER = [...Object.values(CHILD_ARRAYS), OTHER_CHILDREN];

type DocumentObject = Record<string, unknown>;

export interface X12DocumentResult {
  document: DocumentObject;
  issues: EdiIssue[];
}

/**
 * Reads the readable document of a set from its segments (ST to SE, either may be missing).
 * With `lines` (the line of each segment in the file) every loop item gets its `sourceLine`.
 * Returns undefined for set types without a readable structure.
 */
export function buildX12Document(setId: string, segments: readonly EdiSegment[], separators?: X12Separators, lines?: readonly number[]): X12DocumentResult | undefined {
  const type = X12_SET_TYPES[setId];
  if (type === undefined) {
    return undefined;
  }
  const start = segments[0]?.id === 'ST' ? 1 : 0;
  const end = segments[segments.length - 1]?.id === 'SE' ? segments.length - 1 : segments.length;
  const body = segments.slice(start, end);
  const positions = body.map((_, index) => index + start + 1);
  const { document, issues } = readDocument(type.map, body, {
    positions,
    repetitionSeparator: separators?.repetition ?? '',
    componentSeparator: separators?.component ?? '',
    ...(lines === undefined ? {} : { lines: lines.slice(start, end) }),
  });
  if (setId === '856' && Array.isArray(document.hierarchy)) {
    document.hierarchy = nestHierarchy(document.hierarchy as DocumentObject[]);
  }
  return { document, issues };
}

/** Writes the body of a set (without ST and SE) from its readable document. */
export function x12DocumentToSegments(setId: string, document: DocumentObject): EdiSegment[] {
  const type = X12_SET_TYPES[setId];
  if (type === undefined) {
    return [];
  }
  const source = setId === '856' && Array.isArray(document.hierarchy) ? { ...document, hierarchy: flattenHierarchy(document.hierarchy as DocumentObject[]) } : document;
  return writeDocument(type.map, source);
}

/** Turns the flat HL list into a tree; a node whose parent is missing becomes a root. */
function nestHierarchy(flat: readonly DocumentObject[]): DocumentObject[] {
  const byId = new Map<string, DocumentObject>();
  const roots: DocumentObject[] = [];
  for (const node of flat) {
    const copy = { ...node };
    const id = typeof node.id === 'string' ? node.id : '';
    const parent = typeof node.parentId === 'string' ? byId.get(node.parentId) : undefined;
    if (parent === undefined) {
      roots.push(copy);
    } else {
      const arrayName = CHILD_ARRAYS[String(node.level)] ?? OTHER_CHILDREN;
      const children = (parent[arrayName] as DocumentObject[] | undefined) ?? [];
      children.push(copy);
      parent[arrayName] = children;
    }
    if (id !== '') {
      byId.set(id, copy);
    }
  }
  return roots;
}

/** Turns the tree back into HL items in depth-first order, numbering HL01 from 1 and setting HL02 to the parent's number. */
function flattenHierarchy(roots: readonly DocumentObject[]): DocumentObject[] {
  const flat: DocumentObject[] = [];
  const visit = (node: DocumentObject, parentId: string | undefined): void => {
    const id = String(flat.length + 1);
    const item: DocumentObject = { ...node, id };
    if (parentId === undefined) {
      delete item.parentId;
    } else {
      item.parentId = parentId;
    }
    for (const name of CHILD_ARRAY_ORDER) {
      delete item[name];
    }
    flat.push(item);
    for (const name of CHILD_ARRAY_ORDER) {
      const children = node[name];
      if (Array.isArray(children)) {
        for (const child of children) {
          if (child !== null && typeof child === 'object') {
            visit(child as DocumentObject, id);
          }
        }
      }
    }
  };
  for (const root of roots) {
    visit(root, undefined);
  }
  return flat;
}
