/**
 * An incremental CSV tokenizer over decoded text. Text arrives in chunks of any size; complete
 * rows go to a callback with the 1-based line on which each row starts.
 *
 * It accepts CRLF, LF and CR-only line breaks, mixed in one file, inside quoted fields too, and
 * counts each of them as one line. A quote character inside an unquoted field is kept as text.
 * Malformed rows are never dropped: a row with an unclosed quote, text after a closing quote, a
 * NUL character or undecodable bytes still reaches the callback with its fields, plus a
 * {@link RowProblem} that names the rule and the field.
 *
 * Flowmason parses CSV itself rather than with csv-parse for two reasons. The readers need the
 * first line of every record and the fields of malformed rows. And scanning decoded strings with
 * `indexOf` costs far less per record than csv-parse's byte-by-byte state machine, which matters
 * when a file has millions of rows.
 */
import { basename } from 'node:path';
import { InputError } from '../../engine/sdk/index.js';

/** A rule a row broke while it was tokenized. */
export interface RowProblem {
  rule: 'unclosed-quote' | 'text-after-quote' | 'nul-character' | 'undecodable-bytes';
  /** 1-based position of the field the problem is in. */
  field: number;
}

/**
 * Receives each row. `fields` is reused for the next row once the callback returns, so copy what
 * you keep.
 */
export type RowHandler = (fields: string[], line: number, problem: RowProblem | undefined) => void;

export interface CsvRowParserOptions {
  /** Path of the file, for the message when the input is rejected. */
  file: string;
  /** One character. */
  delimiter: string;
  /** One character, or '' when fields are never quoted. Inside a quoted field it is escaped by doubling. */
  quote: string;
  /** Drop spaces and tabs around fields (outside the quotes of a quoted field). */
  trim: boolean;
  /** Lines with no characters at all produce no row. Otherwise each is a row with one empty field. */
  skipEmptyLines: boolean;
  /** Physical lines dropped at the start, before any row, such as a metadata line above the header. */
  skipLines: number;
  onRow: RowHandler;
}

/**
 * Maximum field length, in UTF-16 code units. A longer field fails the node, because an unclosed
 * quote near the start of a huge file would otherwise pull the rest of the file into memory.
 */
export const MAX_FIELD_LENGTH = 64 * 1024 * 1024;

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Tokenizer states. Numbers rather than strings keep the switch in the hot loop cheap.
/** Between rows: the next character starts a row or is an empty line. */
const ROW_START = 0;
/** After a delimiter, or at the first character of a row. */
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
/** A quote character inside a quoted field: either the closing quote or the first of a doubled pair. */
const QUOTE_IN_QUOTED = 4;
/** After a CR line break: a LF right after it belongs to the same line break. */
const AFTER_CARRIAGE_RETURN = 5;
/** Dropping the lines before the first row. */
const SKIPPING_LINES = 6;

// Characters seen in the chunks a row spans, so only those rows are searched for them.
const HAS_NUL = 1;
const HAS_UNDECODABLE = 2;

export class CsvRowParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly quote: string;
  private readonly quoteCode: number;
  private readonly trim: boolean;
  private readonly skipEmptyLines: boolean;
  private readonly onRow: RowHandler;
  private readonly file: string;

  private state: number;
  private linesToSkip: number;
  /** Line of the character at the current position, 1-based. */
  private line = 1;
  /** Line on which the current row started. */
  private rowLine = 1;
  private fields: string[] = [];
  /** Text of the current field read so far, when the field spans chunks or contains doubled quotes. */
  private partial = '';
  /** True when the quoted text read so far ended in CR at a chunk boundary, so a LF that starts the next chunk is the same line break. */
  private quotedEndsWithCarriageReturn = false;
  private problem: RowProblem | undefined;
  private chunkFlags = 0;
  private rowFlags = 0;

  constructor(options: CsvRowParserOptions) {
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.quote = options.quote;
    this.quoteCode = options.quote === '' ? -1 : options.quote.charCodeAt(0);
    this.trim = options.trim;
    this.skipEmptyLines = options.skipEmptyLines;
    this.onRow = options.onRow;
    this.file = options.file;
    this.linesToSkip = options.skipLines;
    this.state = options.skipLines > 0 ? SKIPPING_LINES : ROW_START;
  }

  /**
   * Tokenizes the next chunk of text. Rows completed by it go to the callback before this returns.
   * @param undecodable the chunk's bytes were not all valid in the file's encoding.
   */
  push(text: string, undecodable: boolean): void {
    this.chunkFlags = (text.includes('\0') ? HAS_NUL : 0) | (undecodable ? HAS_UNDECODABLE : 0);
    if (this.state !== ROW_START && this.state !== AFTER_CARRIAGE_RETURN && this.state !== SKIPPING_LINES) {
      this.rowFlags |= this.chunkFlags;
    }
    this.tokenize(text);
    if (this.partial.length > MAX_FIELD_LENGTH) {
      throw new InputError(
        `${basename(this.file)} line ${this.rowLine}: field ${this.fields.length + 1} is longer than ${MAX_FIELD_LENGTH} characters; a quote opened there is probably never closed`,
        { file: this.file, line: this.rowLine },
      );
    }
  }

  /** Completes the last row at the end of the input. A quoted field still open becomes an `unclosed-quote` problem. */
  end(): void {
    switch (this.state) {
      case QUOTED:
        this.noteProblem('unclosed-quote', this.fields.length + 1);
        this.endField(this.partial);
        this.endRow();
        break;
      case UNQUOTED:
        this.endField(this.trim ? this.partial.trim() : this.partial);
        this.endRow();
        break;
      case QUOTE_IN_QUOTED:
      case FIELD_START:
        this.endField(this.partial);
        this.endRow();
        break;
      default:
        break;
    }
    this.state = ROW_START;
  }

  private tokenize(text: string): void {
    const length = text.length;
    const delimiterCode = this.delimiterCode;
    const quoteCode = this.quoteCode;
    // Positions of the next delimiter, LF and CR at or after `index`, found with indexOf. Each is
    // reused until the scan passes it, and `length` means there is none in this chunk.
    let nextDelimiter = -1;
    let nextLineFeed = -1;
    let nextCarriageReturn = -1;
    let index = 0;
    while (index < length) {
      switch (this.state) {
        case ROW_START: {
          const code = text.charCodeAt(index);
          if (code === LINE_FEED || code === CARRIAGE_RETURN) {
            if (!this.skipEmptyLines) {
              this.rowLine = this.line;
              this.rowFlags = 0;
              this.fields.push('');
              this.endRow();
            }
            this.line++;
            index++;
            this.state = code === CARRIAGE_RETURN ? AFTER_CARRIAGE_RETURN : ROW_START;
            break;
          }
          this.rowLine = this.line;
          this.rowFlags = this.chunkFlags;
          this.state = FIELD_START;
          break;
        }

        case FIELD_START: {
          const code = text.charCodeAt(index);
          if (code === quoteCode) {
            index++;
            this.state = QUOTED;
            this.quotedEndsWithCarriageReturn = false;
          } else if (this.trim && (code === SPACE || code === TAB) && code !== delimiterCode) {
            index++;
          } else {
            this.state = UNQUOTED;
          }
          break;
        }

        case UNQUOTED: {
          if (nextDelimiter < index) {
            nextDelimiter = positionOrEnd(text.indexOf(this.delimiter, index), length);
          }
          if (nextLineFeed < index) {
            nextLineFeed = positionOrEnd(text.indexOf('\n', index), length);
          }
          if (nextCarriageReturn < index) {
            nextCarriageReturn = positionOrEnd(text.indexOf('\r', index), length);
          }
          let end = nextDelimiter < nextLineFeed ? nextDelimiter : nextLineFeed;
          if (nextCarriageReturn < end) {
            end = nextCarriageReturn;
          }
          if (end === length) {
            this.partial += text.slice(index);
            index = length;
            break;
          }
          let value = this.partial === '' ? text.slice(index, end) : this.partial + text.slice(index, end);
          if (this.trim) {
            value = value.trim();
          }
          this.endField(value);
          const code = text.charCodeAt(end);
          index = end + 1;
          if (code === delimiterCode) {
            this.state = FIELD_START;
          } else {
            this.endRow();
            this.line++;
            this.state = code === CARRIAGE_RETURN ? AFTER_CARRIAGE_RETURN : ROW_START;
          }
          break;
        }

        case QUOTED: {
          const closing = text.indexOf(this.quote, index);
          const end = closing === -1 ? length : closing;
          if (end > index) {
            const piece = text.slice(index, end);
            this.countQuotedLineBreaks(piece);
            this.partial += piece;
          }
          if (closing === -1) {
            index = length;
          } else {
            index = closing + 1;
            this.quotedEndsWithCarriageReturn = false;
            this.state = QUOTE_IN_QUOTED;
          }
          break;
        }

        case QUOTE_IN_QUOTED: {
          const code = text.charCodeAt(index);
          if (code === quoteCode) {
            this.partial += this.quote;
            index++;
            this.state = QUOTED;
          } else if (code === delimiterCode) {
            this.endField(this.partial);
            index++;
            this.state = FIELD_START;
          } else if (code === LINE_FEED || code === CARRIAGE_RETURN) {
            this.endField(this.partial);
            this.endRow();
            this.line++;
            index++;
            this.state = code === CARRIAGE_RETURN ? AFTER_CARRIAGE_RETURN : ROW_START;
          } else if (this.trim && (code === SPACE || code === TAB)) {
            index++;
          } else {
            // Text after the closing quote: keep it, appended to the quoted text, and report the row.
            this.noteProblem('text-after-quote', this.fields.length + 1);
            this.state = UNQUOTED;
          }
          break;
        }

        case AFTER_CARRIAGE_RETURN: {
          if (text.charCodeAt(index) === LINE_FEED) {
            index++;
          }
          this.state = this.linesToSkip > 0 ? SKIPPING_LINES : ROW_START;
          break;
        }

        case SKIPPING_LINES: {
          const lineFeed = positionOrEnd(text.indexOf('\n', index), length);
          const carriageReturn = positionOrEnd(text.indexOf('\r', index), length);
          const end = lineFeed < carriageReturn ? lineFeed : carriageReturn;
          if (end === length) {
            index = length;
            break;
          }
          this.line++;
          this.linesToSkip--;
          index = end + 1;
          if (end === carriageReturn) {
            this.state = AFTER_CARRIAGE_RETURN;
          } else if (this.linesToSkip === 0) {
            this.state = ROW_START;
          }
          break;
        }
      }
    }
  }

  private endField(value: string): void {
    this.fields.push(value);
    this.partial = '';
  }

  private endRow(): void {
    let problem = this.problem;
    if (problem === undefined && this.rowFlags !== 0) {
      problem = findCharacterProblem(this.fields, this.rowFlags);
    }
    this.problem = undefined;
    this.onRow(this.fields, this.rowLine, problem);
    this.fields.length = 0;
  }

  private noteProblem(rule: RowProblem['rule'], field: number): void {
    this.problem ??= { rule, field };
  }

  /** Counts CRLF, LF and CR inside quoted text as one line each, also when CRLF is split across chunks. */
  private countQuotedLineBreaks(piece: string): void {
    if (!piece.includes('\n') && !piece.includes('\r')) {
      this.quotedEndsWithCarriageReturn = false;
      return;
    }
    let previous = this.quotedEndsWithCarriageReturn ? CARRIAGE_RETURN : 0;
    for (let position = 0; position < piece.length; position++) {
      const code = piece.charCodeAt(position);
      if (code === CARRIAGE_RETURN || (code === LINE_FEED && previous !== CARRIAGE_RETURN)) {
        this.line++;
      }
      previous = code;
    }
    this.quotedEndsWithCarriageReturn = previous === CARRIAGE_RETURN;
  }
}

function positionOrEnd(position: number, length: number): number {
  return position === -1 ? length : position;
}

/** Finds the first field holding a NUL character, else the first holding U+FFFD from undecodable bytes. */
function findCharacterProblem(fields: readonly string[], flags: number): RowProblem | undefined {
  if ((flags & HAS_NUL) !== 0) {
    const field = fields.findIndex((value) => value.includes('\0'));
    if (field !== -1) {
      return { rule: 'nul-character', field: field + 1 };
    }
  }
  if ((flags & HAS_UNDECODABLE) !== 0) {
    // NOTE: a U+FFFD written in the file itself, in a chunk that also contains undecodable bytes,
    // is reported as undecodable too, because the decoder gives both the same character.
    const field = fields.findIndex((value) => value.includes('\uFFFD'));
    if (field !== -1) {
      return { rule: 'undecodable-bytes', field: field + 1 };
    }
  }
  return undefined;
}
