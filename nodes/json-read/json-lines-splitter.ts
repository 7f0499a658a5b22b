/**
 * Splits JSON Lines text that arrives in chunks into lines, with their 1-based numbers. Lines end
 * at LF; a CR before the LF is dropped. Lines holding only whitespace are skipped but counted.
 */
import { basename } from 'node:path';
import { InputError } from '../../engine/sdk/index.js';

export type LineHandler = (text: string, line: number) => void;

/** Maximum line length, in UTF-16 code units; a longer line fails the node. */
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

export class JsonLinesSplitter {
  private line = 1;
  /** Text of the current line read in earlier chunks. */
  private partial = '';

  constructor(
    /** Path of the file, for the message when the input is rejected. */
    private readonly file: string,
    private readonly onLine: LineHandler,
  ) {}

  push(text: string): void {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const piece = text.slice(start, end);
      this.endLine(this.partial === '' ? piece : this.partial + piece);
      this.partial = '';
      start = end + 1;
    }
    if (start < text.length) {
      this.partial += text.slice(start);
      if (this.partial.length > MAX_LINE_LENGTH) {
        throw new InputError(`${basename(this.file)} line ${this.line} is longer than ${MAX_LINE_LENGTH} characters`, { file: this.file, line: this.line });
      }
    }
  }

  end(): void {
    if (this.partial !== '') {
      this.endLine(this.partial);
      this.partial = '';
    }
  }

  private endLine(text: string): void {
    const line = this.line++;
    const content = text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text;
    if (content.trim() !== '') {
      this.onLine(content, line);
    }
  }
}
