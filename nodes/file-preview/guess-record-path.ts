/**
 * Chooses an xml.read record path for a file the user has not described: the shallowest element
 * path that occurs more than once, such as `Catalog/Items/Item`, because an export repeats its
 * record element. When nothing repeats, the root's first child is the record, and a root without
 * children is itself the one record. Only the text given is looked at, so a file whose first
 * record is very long may get a path that is too shallow.
 */

/** Returns the record path for XML text that starts with `head`, or undefined when no root element is found. */
export function guessRecordPath(head: string): string | undefined {
  const counts = new Map<string, number>();
  const stack: string[] = [];
  let firstChild: string | undefined;
  let position = skipProlog(head, 0);
  while (position < head.length) {
    const next = head.indexOf('<', position);
    if (next === -1) {
      break;
    }
    if (head.startsWith('</', next)) {
      stack.pop();
      position = next + 2;
      if (stack.length === 0) {
        break;
      }
      continue;
    }
    const skipped = skipMarkup(head, next);
    if (skipped === undefined) {
      break;
    }
    if (skipped !== next) {
      position = skipped;
      continue;
    }
    const tag = readStartTag(head, next);
    if (tag === undefined) {
      break;
    }
    const path = [...stack, tag.name].join('/');
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (stack.length === 1) {
      firstChild ??= path;
    }
    if (!tag.selfClosing) {
      stack.push(tag.name);
    }
    position = tag.end;
    if (stack.length === 0) {
      break;
    }
  }
  const root = [...counts.keys()][0];
  if (root === undefined) {
    return undefined;
  }
  const repeated = [...counts.entries()].filter(([, count]) => count > 1).map(([path]) => path);
  repeated.sort((left, right) => depth(left) - depth(right));
  return repeated[0] ?? firstChild ?? root;
}

function depth(path: string): number {
  return path.split('/').length;
}

/** Skips the XML declaration, processing instructions, comments, the DOCTYPE and blanks before the root. */
function skipProlog(text: string, start: number): number {
  let position = start;
  for (;;) {
    while (position < text.length && /[\s\ufeff]/.test(text.charAt(position))) {
      position++;
    }
    const skipped = skipMarkup(text, position);
    if (skipped === undefined || skipped === position) {
      return position;
    }
    position = skipped;
  }
}

/**
 * Returns the position after the comment, processing instruction, CDATA section or DOCTYPE that
 * starts at `position`. Returns `position` itself when none starts there, and undefined when the
 * markup is not closed within the text.
 */
function skipMarkup(text: string, position: number): number | undefined {
  const closeAfter = (close: string, from: number): number | undefined => {
    const end = text.indexOf(close, from);
    return end === -1 ? undefined : end + close.length;
  };
  if (text.startsWith('<!--', position)) {
    return closeAfter('-->', position + 4);
  }
  if (text.startsWith('<?', position)) {
    return closeAfter('?>', position + 2);
  }
  if (text.startsWith('<![CDATA[', position)) {
    return closeAfter(']]>', position + 9);
  }
  if (text.startsWith('<!DOCTYPE', position)) {
    return skipDoctype(text, position);
  }
  return position;
}

/** Skips a DOCTYPE, including an internal subset in brackets with its quoted strings and comments. */
function skipDoctype(text: string, start: number): number | undefined {
  let inSubset = false;
  let quote: string | undefined;
  for (let position = start + 9; position < text.length; position++) {
    const char = text.charAt(position);
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      }
    } else if (inSubset && text.startsWith('<!--', position)) {
      const end = text.indexOf('-->', position + 4);
      if (end === -1) {
        return undefined;
      }
      position = end + 2;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[') {
      inSubset = true;
    } else if (char === ']') {
      inSubset = false;
    } else if (char === '>' && !inSubset) {
      return position + 1;
    }
  }
  return undefined;
}

/** Reads the start tag at `position`: its name, where it ends, and whether it closes itself. */
function readStartTag(text: string, position: number): { name: string; end: number; selfClosing: boolean } | undefined {
  const match = /^<([A-Za-z_\u00c0-\uffff][\w.\-:\u00b7\u00c0-\uffff]*)/.exec(text.slice(position, position + 1000));
  if (match === null) {
    return undefined;
  }
  let quote: string | undefined;
  for (let index = position + match[0].length; index < text.length; index++) {
    const char = text.charAt(index);
    if (quote !== undefined) {
      if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return { name: match[1] as string, end: index + 1, selfClosing: text.charAt(index - 1) === '/' };
    }
  }
  return undefined;
}
