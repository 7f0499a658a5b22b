/**
 * Splits an XML document into record elements without parsing it whole. The scanner reads text
 * chunk by chunk, recognises tags, comments, CDATA sections, processing instructions and the
 * DOCTYPE, keeps the stack of open elements, and cuts out the complete text of every element whose
 * path matches the record path. Text before and between records is dropped as soon as it is
 * scanned, so memory keeps one record (plus one chunk) however large the document is.
 *
 * Problems inside a record element (a mismatched end tag, a tag that is not closed) do not stop
 * the scan: the fragment is returned with the problem so that only that record fails. Problems in
 * the document around the records throw an InputError with the file and line.
 */
import { basename } from 'node:path';
import { InputError } from '../../engine/sdk/index.js';
import { isXmlName } from '../shared/xml-name.js';
import { localName } from './record-path.js';

/** The complete text of one record element and where it starts. */
export interface XmlFragment {
  /** From the `<` of the start tag to the `>` of the end tag. */
  text: string;
  line: number;
  column: number;
  /** A problem the scanner found inside the element, when the element is malformed. */
  problem?: { message: string; line: number };
}

export interface XmlScannerOptions {
  /** Absolute path of the file, for error locations; messages name its base name. */
  file: string;
  /** Record path segments from the root; `*` matches any name. */
  segments: readonly string[];
  /** Compare element names without their namespace prefix. */
  removeNamespacePrefix: boolean;
}

interface OpenElement {
  name: string;
  line: number;
}

interface Capture {
  /** Index in the buffer of the record's `<`. */
  start: number;
  line: number;
  column: number;
  /** Stack depth with the record element open. */
  depth: number;
  problem?: { message: string; line: number };
}

type MarkupKind = 'processing instruction' | 'comment' | 'CDATA section' | 'DOCTYPE' | 'end tag' | 'start tag' | 'invalid';

interface Markup {
  kind: MarkupKind;
  /** Index in the buffer just past the markup. */
  end: number;
  /** For a start tag cut short by a `<` before its `>`. */
  unterminated?: boolean;
}

const MARKUP_PREFIXES = ['<!--', '<![CDATA[', '<!DOCTYPE'];

export class XmlRecordScanner {
  private buffer = '';
  private position = 0;
  /** Characters dropped from the front of the buffer so far; buffer index + dropped = offset in the document. */
  private dropped = 0;
  private line = 1;
  /** Document offset of the first character of the current line. */
  private lineStart = 0;
  private readonly stack: OpenElement[] = [];
  private rootSeen = false;
  private capture: Capture | undefined;
  /** General entities declared in the DOCTYPE's internal subset, by name. */
  readonly entities = new Map<string, string>();

  constructor(private readonly options: XmlScannerOptions) {}

  /** The line the scan has reached. */
  get currentLine(): number {
    return this.line;
  }

  /** Scans the next chunk of text and returns the record elements it completed. */
  push(text: string): XmlFragment[] {
    this.buffer += text;
    const fragments = this.scan(false);
    this.dropScanned();
    return fragments;
  }

  /** Scans what is left at the end of the document; throws an InputError when the document is incomplete. */
  end(): XmlFragment[] {
    const fragments = this.scan(true);
    const open = this.stack[this.stack.length - 1];
    if (open !== undefined) {
      throw this.structureError(`the file ends while element <${open.name}> from line ${open.line} is still open`);
    }
    if (!this.rootSeen) {
      throw new InputError(`${basename(this.options.file)}: the file contains no root element`, { file: this.options.file });
    }
    return fragments;
  }

  private scan(final: boolean): XmlFragment[] {
    const fragments: XmlFragment[] = [];
    for (;;) {
      const lt = this.buffer.indexOf('<', this.position);
      const textEnd = lt === -1 ? this.buffer.length : lt;
      if (textEnd > this.position) {
        this.checkText(this.position, textEnd);
        this.advanceTo(textEnd);
      }
      if (lt === -1) {
        return fragments;
      }
      const markup = this.readMarkup(lt, final);
      if (markup === undefined) {
        return fragments;
      }
      const fragment = this.handleMarkup(lt, markup);
      if (fragment !== undefined) {
        fragments.push(fragment);
      }
    }
  }

  /** Text may appear only inside the root element; outside it only whitespace is allowed. */
  private checkText(from: number, to: number): void {
    if (this.stack.length > 0) {
      return;
    }
    const text = this.buffer.slice(from, to);
    const offset = text.search(/\S/);
    if (offset !== -1) {
      this.advanceTo(from + offset);
      throw this.structureError(`text '${text.trim().slice(0, 20)}' appears outside the root element`);
    }
  }

  /** Finds the end of the markup starting at `lt`, or returns undefined when it continues in the next chunk. */
  private readMarkup(lt: number, final: boolean): Markup | undefined {
    const head = this.buffer.slice(lt, lt + 9);
    const incomplete = (kind: string): undefined => {
      if (final) {
        throw this.structureError(`${kind} is not closed before the end of the file`);
      }
      return undefined;
    };
    if (!final && MARKUP_PREFIXES.some((prefix) => head.length < prefix.length && prefix.startsWith(head))) {
      return undefined;
    }
    if (head.length < 2) {
      return incomplete('markup');
    }
    if (head.startsWith('<?')) {
      return this.endAfter(lt + 2, '?>', 'processing instruction') ?? incomplete('processing instruction');
    }
    if (head.startsWith('<!--')) {
      return this.endAfter(lt + 4, '-->', 'comment') ?? incomplete('comment');
    }
    if (head.startsWith('<![CDATA[')) {
      return this.endAfter(lt + 9, ']]>', 'CDATA section') ?? incomplete('CDATA section');
    }
    if (head.startsWith('<!DOCTYPE')) {
      return this.readDoctype(lt) ?? incomplete('DOCTYPE');
    }
    if (head.startsWith('<!')) {
      return { kind: 'invalid', end: lt + 2 };
    }
    if (head.startsWith('</')) {
      return this.endAfter(lt + 2, '>', 'end tag') ?? incomplete('end tag');
    }
    return this.readStartTag(lt) ?? incomplete('start tag');
  }

  private endAfter(from: number, terminator: string, kind: MarkupKind): Markup | undefined {
    const index = this.buffer.indexOf(terminator, from);
    return index === -1 ? undefined : { kind, end: index + terminator.length };
  }

  /** Finds the `>` of a start tag, skipping quoted attribute values. A `<` before it cuts the tag short. */
  private readStartTag(lt: number): Markup | undefined {
    let quote = '';
    for (let index = lt + 1; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (char === '<') {
        return { kind: 'start tag', end: index, unterminated: true };
      }
      if (quote !== '') {
        if (char === quote) {
          quote = '';
        }
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '>') {
        return { kind: 'start tag', end: index + 1 };
      }
    }
    return undefined;
  }

  /** Finds the end of a DOCTYPE, whose internal subset in `[...]` may contain `>`, quotes and comments. */
  private readDoctype(lt: number): Markup | undefined {
    let quote = '';
    let depth = 0;
    for (let index = lt + 9; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (quote !== '') {
        if (char === quote) {
          quote = '';
        }
      } else if (char === '"' || char === "'") {
        quote = char;
      } else if (char === '<' && this.buffer.startsWith('<!--', index)) {
        const close = this.buffer.indexOf('-->', index + 4);
        if (close === -1) {
          return undefined;
        }
        index = close + 2;
      } else if (char === '[') {
        depth++;
      } else if (char === ']') {
        depth--;
      } else if (char === '>' && depth <= 0) {
        return { kind: 'DOCTYPE', end: index + 1 };
      }
    }
    return undefined;
  }

  private handleMarkup(lt: number, markup: Markup): XmlFragment | undefined {
    switch (markup.kind) {
      case 'start tag':
        return this.handleStartTag(lt, markup);
      case 'end tag':
        return this.handleEndTag(lt, markup);
      case 'DOCTYPE':
        if (this.rootSeen) {
          throw this.structureError('a DOCTYPE may only appear before the root element');
        }
        this.collectEntities(this.buffer.slice(lt, markup.end));
        break;
      case 'CDATA section':
        if (this.stack.length === 0) {
          throw this.structureError('a CDATA section appears outside the root element');
        }
        break;
      case 'invalid': {
        const head = this.buffer.slice(lt, lt + 9);
        if (this.capture === undefined) {
          throw this.structureError(`'${head}' is not valid markup`);
        }
        this.noteProblem(`'${head}' is not valid markup`, this.line);
        break;
      }
      default:
        break;
    }
    this.advanceTo(markup.end);
    return undefined;
  }

  private handleStartTag(lt: number, markup: Markup): XmlFragment | undefined {
    const tagLine = this.line;
    const name = /^[^\s/>]*/.exec(this.buffer.slice(lt + 1, markup.end))?.[0] ?? '';
    if (!isXmlName(name)) {
      if (this.capture === undefined) {
        throw this.structureError(name === '' ? "'<' is not followed by an element name" : `'${name}' is not a valid element name`);
      }
      this.noteProblem(name === '' ? "'<' is not followed by an element name; write '&lt;' for a literal '<'" : `'${name}' is not a valid element name`, tagLine);
      this.advanceTo(markup.end);
      return undefined;
    }
    if (this.stack.length === 0) {
      if (this.rootSeen) {
        throw this.structureError(`a second root element <${name}> appears; an XML document has exactly one root element`);
      }
      this.rootSeen = true;
    }

    this.stack.push({ name, line: tagLine });
    if (this.capture === undefined && this.matchesRecordPath()) {
      this.capture = { start: lt, line: tagLine, column: this.dropped + lt - this.lineStart + 1, depth: this.stack.length };
    }
    if (markup.unterminated === true) {
      if (this.capture === undefined) {
        throw this.structureError(`start tag <${name}> is not closed with '>'`);
      }
      this.noteProblem(`start tag <${name}> is not closed with '>'`, tagLine);
    }
    this.advanceTo(markup.end);

    const selfClosing = markup.unterminated !== true && this.buffer[markup.end - 2] === '/';
    if (selfClosing) {
      this.stack.pop();
      return this.completeCapture(markup.end);
    }
    return undefined;
  }

  private handleEndTag(lt: number, markup: Markup): XmlFragment | undefined {
    const tagLine = this.line;
    const name = this.buffer.slice(lt + 2, markup.end - 1).trimEnd();
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      throw this.structureError(`end tag </${name}> has no matching start tag`);
    }
    if (top.name === name) {
      this.advanceTo(markup.end);
      this.stack.pop();
      return this.completeCapture(markup.end);
    }
    const capture = this.capture;
    if (capture === undefined) {
      throw this.structureError(`end tag </${name}> does not match start tag <${top.name}> from line ${top.line}`);
    }

    capture.problem ??= { message: `end tag </${name}> at line ${tagLine} does not match start tag <${top.name}> from line ${top.line}`, line: tagLine };
    const matching = this.stack.map((element) => element.name).lastIndexOf(name);
    if (matching >= capture.depth - 1) {
      // The end tag closes an element inside the record, or the record itself: drop what it left open.
      this.advanceTo(markup.end);
      this.stack.length = matching;
      return this.completeCapture(markup.end);
    }
    if (matching >= 0) {
      // The end tag closes an element around the record, so the record ends here unclosed. The
      // next scan step handles the same end tag again, at the level of the enclosing elements.
      this.stack.length = capture.depth - 1;
      return this.completeCapture(lt);
    }
    this.advanceTo(markup.end);
    return undefined;
  }

  /** Returns the record's fragment once the stack has dropped below the record element. */
  private completeCapture(end: number): XmlFragment | undefined {
    const capture = this.capture;
    if (capture === undefined || this.stack.length >= capture.depth) {
      return undefined;
    }
    this.capture = undefined;
    const fragment: XmlFragment = { text: this.buffer.slice(capture.start, end), line: capture.line, column: capture.column };
    if (capture.problem !== undefined) {
      fragment.problem = capture.problem;
    }
    return fragment;
  }

  private matchesRecordPath(): boolean {
    const segments = this.options.segments;
    if (this.stack.length !== segments.length) {
      return false;
    }
    return segments.every((segment, index) => {
      if (segment === '*') {
        return true;
      }
      const name = (this.stack[index] as OpenElement).name;
      return segment === (this.options.removeNamespacePrefix ? localName(name) : name);
    });
  }

  private noteProblem(message: string, line: number): void {
    if (this.capture !== undefined) {
      this.capture.problem ??= { message: `${message} (line ${line})`, line };
    }
  }

  /** Keeps general entities such as `<!ENTITY company "Example Ltd">`; parameter and external entities are skipped. */
  private collectEntities(doctype: string): void {
    for (const match of doctype.matchAll(/<!ENTITY\s+([A-Za-z_:][A-Za-z0-9_:.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
      this.entities.set(match[1] as string, match[2] ?? match[3] ?? '');
    }
  }

  /** Moves the scan position forward, counting the lines passed. */
  private advanceTo(index: number): void {
    let newline = this.buffer.indexOf('\n', this.position);
    while (newline !== -1 && newline < index) {
      this.line++;
      this.lineStart = this.dropped + newline + 1;
      newline = this.buffer.indexOf('\n', newline + 1);
    }
    this.position = index;
  }

  /** Drops scanned text that no record needs any more. */
  private dropScanned(): void {
    const keepFrom = this.capture?.start ?? this.position;
    if (keepFrom === 0) {
      return;
    }
    this.buffer = this.buffer.slice(keepFrom);
    this.dropped += keepFrom;
    this.position -= keepFrom;
    if (this.capture !== undefined) {
      this.capture.start -= keepFrom;
    }
  }

  private structureError(message: string): InputError {
    return new InputError(`${basename(this.options.file)} line ${this.line}: ${message}`, { file: this.options.file, line: this.line });
  }
}
