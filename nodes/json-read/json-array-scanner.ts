/**
 * Splits a JSON array that arrives in chunks into the text of its top-level elements, so each
 * element can go to `JSON.parse` alone and a huge array is never held whole. The scanner tracks
 * only strings, escapes and bracket depth. `JSON.parse` decides whether an element is valid, so
 * one broken element fails alone and the elements after it still arrive.
 */
import { basename } from 'node:path';
import { InputError } from '../../engine/sdk/index.js';

/** Problem with the array around an element, as opposed to inside it. */
export type ArrayProblem =
  /** The file ends inside this element, or after a comma, before the array's `]`. */
  | 'unclosed-array'
  /** Text follows the array's closing `]`. */
  | 'trailing-text';

/** Receives each element's text (trimmed) and the 1-based line it starts on. */
export type ElementHandler = (text: string, line: number, problem: ArrayProblem | undefined) => void;

/**
 * Maximum element length, in UTF-16 code units. A longer element fails the node, because an
 * unclosed string or bracket would otherwise pull the rest of the file into memory.
 */
export const MAX_ELEMENT_LENGTH = 64 * 1024 * 1024;

const BEFORE_ARRAY = 0;
const BEFORE_ELEMENT = 1;
const IN_ELEMENT = 2;
const AFTER_ARRAY = 3;
/** Collecting text found after the closing `]`. */
const TRAILING = 4;

const LINE_FEED = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export class JsonArrayScanner {
  private state = BEFORE_ARRAY;
  private line = 1;
  private elementLine = 1;
  /** Brackets and braces open inside the current element. */
  private depth = 0;
  private inString = false;
  /** The previous character inside a string was an unescaped backslash. */
  private escaped = false;
  /** Element text read in earlier chunks. */
  private partial = '';
  // Positions of the next quote, backslash and line feed in the current chunk, found with indexOf.
  // Each is reused until the scan passes it, so strings are scanned in linear time.
  private nextQuote = -1;
  private nextBackslash = -1;
  private nextLineFeed = -1;

  constructor(
    /** Path of the file, for the message when the input is rejected. */
    private readonly file: string,
    private readonly onElement: ElementHandler,
  ) {}

  push(text: string): void {
    const length = text.length;
    let index = 0;
    let elementStart = 0;
    this.nextQuote = -1;
    this.nextBackslash = -1;
    this.nextLineFeed = -1;
    if (this.state === TRAILING) {
      this.appendPartial(text);
      return;
    }
    while (index < length) {
      const code = text.charCodeAt(index);
      switch (this.state) {
        case BEFORE_ARRAY:
          if (code === OPEN_BRACKET) {
            this.state = BEFORE_ELEMENT;
          } else if (code === LINE_FEED) {
            this.line++;
          } else if (!isWhitespace(code)) {
            throw new InputError(
              `${basename(this.file)} line ${this.line}: expected '[' to open a JSON array; found '${String.fromCharCode(code)}'. For one object per line, set 'format' to 'jsonl'`,
              { file: this.file, line: this.line },
            );
          }
          index++;
          break;

        case BEFORE_ELEMENT:
          if (code === LINE_FEED) {
            this.line++;
            index++;
          } else if (isWhitespace(code)) {
            index++;
          } else if (code === CLOSE_BRACKET) {
            this.state = AFTER_ARRAY;
            index++;
          } else {
            this.state = IN_ELEMENT;
            this.elementLine = this.line;
            this.depth = 0;
            elementStart = index;
          }
          break;

        case IN_ELEMENT:
          if (this.inString) {
            index = this.scanString(text, index);
            break;
          }
          if (code === QUOTE) {
            this.inString = true;
          } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
            this.depth++;
          } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            if (this.depth === 0 && code === CLOSE_BRACKET) {
              this.endElement(text.slice(elementStart, index), undefined);
              this.state = AFTER_ARRAY;
            } else if (this.depth > 0) {
              this.depth--;
            }
          } else if (code === COMMA && this.depth === 0) {
            this.endElement(text.slice(elementStart, index), undefined);
            this.state = BEFORE_ELEMENT;
          } else if (code === LINE_FEED) {
            this.line++;
          }
          index++;
          break;

        case AFTER_ARRAY:
          if (code === LINE_FEED) {
            this.line++;
          } else if (!isWhitespace(code)) {
            this.elementLine = this.line;
            this.state = TRAILING;
            this.appendPartial(text.slice(index));
            return;
          }
          index++;
          break;
      }
    }
    if (this.state === IN_ELEMENT) {
      this.appendPartial(text.slice(elementStart));
    }
  }

  /** Completes the input. Returns false when the file held no array at all (only whitespace). */
  end(): boolean {
    if (this.state === BEFORE_ARRAY) {
      return false;
    }
    if (this.state === TRAILING) {
      this.endElement('', 'trailing-text');
    } else if (this.state === IN_ELEMENT) {
      this.endElement('', 'unclosed-array');
    } else if (this.state === BEFORE_ELEMENT) {
      this.elementLine = this.line;
      this.endElement('', 'unclosed-array');
    }
    this.state = AFTER_ARRAY;
    return true;
  }

  /** Scans string content from `index`; returns the position after the closing quote, or the chunk's end. */
  private scanString(text: string, index: number): number {
    const length = text.length;
    let position = index;
    if (this.escaped) {
      // The backslash ended the previous chunk; this character is the escaped one.
      this.escaped = false;
      position++;
    }
    while (position < length) {
      if (this.nextQuote < position) {
        this.nextQuote = positionOrEnd(text.indexOf('"', position), length);
      }
      if (this.nextBackslash < position) {
        this.nextBackslash = positionOrEnd(text.indexOf('\\', position), length);
      }
      const stop = this.nextBackslash < this.nextQuote ? this.nextBackslash : this.nextQuote;
      this.countLineFeeds(text, position, stop);
      if (stop === length) {
        return length;
      }
      if (stop === this.nextBackslash) {
        if (stop + 1 === length) {
          this.escaped = true;
          return length;
        }
        position = stop + 2;
        continue;
      }
      this.inString = false;
      return stop + 1;
    }
    return length;
  }

  /** Counts raw line feeds inside a string. They are invalid JSON, but later elements keep their true lines. */
  private countLineFeeds(text: string, from: number, to: number): void {
    for (;;) {
      if (this.nextLineFeed < from) {
        this.nextLineFeed = positionOrEnd(text.indexOf('\n', from), text.length);
      }
      if (this.nextLineFeed >= to) {
        return;
      }
      this.line++;
      from = this.nextLineFeed + 1;
    }
  }

  private appendPartial(text: string): void {
    this.partial += text;
    if (this.partial.length > MAX_ELEMENT_LENGTH) {
      throw new InputError(
        `${basename(this.file)} line ${this.elementLine}: an array element is longer than ${MAX_ELEMENT_LENGTH} characters; a string or bracket opened there is probably never closed`,
        { file: this.file, line: this.elementLine },
      );
    }
  }

  private endElement(tail: string, problem: ArrayProblem | undefined): void {
    const text = (this.partial === '' ? tail : this.partial + tail).trim();
    this.partial = '';
    this.onElement(text, this.elementLine, problem);
  }
}

function positionOrEnd(position: number, length: number): number {
  return position === -1 ? length : position;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === LINE_FEED;
}
