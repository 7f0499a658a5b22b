/**
 * Turns the text of one record element into record data with fast-xml-parser. Child elements
 * become fields, repeated children become arrays, attributes become fields with a prefix (or are
 * dropped), and text next to attributes or children goes to the text field. Values stay strings,
 * so item numbers such as `00123` keep their leading zeros.
 */
import { basename } from 'node:path';
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { InputError, type RecordData } from '../../engine/sdk/index.js';
import type { XmlFragment } from './xml-scanner.js';

export interface XmlRecordOptions {
  /** Absolute path of the file, for error locations; messages name its base name. */
  file: string;
  attributes: 'include' | 'ignore';
  attributePrefix: string;
  textField: string;
  /** Element names, or paths below the record element such as `Barcodes/Barcode`, that always become arrays. */
  arrayElements: readonly string[];
  removeNamespacePrefix: boolean;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reasons an entity reference cannot be decoded; thrown from inside the parser and caught by {@link XmlRecordParser.parse}. */
class EntityProblem extends InputError {}

/**
 * Decodes the five predefined entities, numeric character references and the general entities of
 * the document's DOCTYPE. A reference to any other entity (`&nbsp;` in a document without a DTD that
 * declares it) is an error, as XML 1.0 requires.
 */
class XmlEntityDecoder implements EntityDecoderOptions {
  constructor(private readonly declared: ReadonlyMap<string, string>) {}

  setExternalEntities(): void {}
  addInputEntities(): void {}
  reset(): void {}
  setXmlVersion(): void {}

  decode(text: string): string {
    if (!text.includes('&')) {
      return text;
    }
    return text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_:][A-Za-z0-9_:.-]*);/g, (reference, name: string) => {
      if (name.startsWith('#')) {
        const codePoint = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
        if (!isXmlCharacter(codePoint)) {
          throw new EntityProblem(`character reference '${reference}' is not a character XML allows`);
        }
        return String.fromCodePoint(codePoint);
      }
      const value = PREDEFINED_ENTITIES[name] ?? this.declared.get(name);
      if (value === undefined) {
        throw new EntityProblem(`entity '${reference}' is not defined; XML predefines only &lt; &gt; &amp; &quot; &apos;, and others must be declared in the DOCTYPE`);
      }
      return value;
    });
  }
}

function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

export class XmlRecordParser {
  private readonly parser: XMLParser;

  /** @param entities the DOCTYPE's general entities; read at each parse, so it may fill after construction. */
  constructor(
    private readonly options: XmlRecordOptions,
    entities: ReadonlyMap<string, string>,
  ) {
    const pathElements = options.arrayElements.filter((entry) => entry.includes('/'));
    const nameElements = new Set(options.arrayElements.filter((entry) => !entry.includes('/')));
    this.parser = new XMLParser({
      ignoreAttributes: options.attributes === 'ignore',
      attributeNamePrefix: options.attributePrefix,
      textNodeName: options.textField,
      removeNSPrefix: options.removeNamespacePrefix,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      processEntities: true,
      entityDecoder: new XmlEntityDecoder(entities),
      jPath: true,
      isArray: (name, jPath, _isLeafNode, isAttribute) => {
        if (isAttribute) {
          return false;
        }
        if (nameElements.has(name)) {
          return true;
        }
        // jPath is the dotted path from the record element, which is its first segment.
        const below = String(jPath).split('.').slice(1).join('/');
        return pathElements.includes(below);
      },
    });
  }

  /** Parses one record element. Throws an InputError with the line and column of the first problem. */
  parse(fragment: XmlFragment): RecordData {
    const validation = XMLValidator.validate(fragment.text);
    if (validation !== true) {
      const { line, column } = this.documentPosition(fragment, validation.err.line, validation.err.col);
      const message = validation.err.msg.replace(/\(opened in line (\d+), col (\d+)\)/, (_match, openLine: string, openColumn: string) => {
        const opened = this.documentPosition(fragment, Number(openLine), Number(openColumn));
        return `(opened at line ${opened.line} column ${opened.column})`;
      });
      throw this.recordError(fragment, line, column, message);
    }
    if (fragment.problem !== undefined) {
      throw this.recordError(fragment, fragment.problem.line, undefined, fragment.problem.message);
    }

    let parsed: unknown;
    try {
      parsed = this.parser.parse(fragment.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw this.recordError(fragment, fragment.line, undefined, reason);
    }
    const value = Object.values(parsed as Record<string, unknown>)[0];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return value as RecordData;
    }
    return value === '' || value === undefined ? {} : { [this.options.textField]: value };
  }

  private documentPosition(fragment: XmlFragment, line: number, column: number): { line: number; column: number } {
    return { line: fragment.line + line - 1, column: line === 1 ? fragment.column + column - 1 : column };
  }

  private recordError(fragment: XmlFragment, line: number, column: number | undefined, reason: string): InputError {
    const name = /^<([^\s/>]+)/.exec(fragment.text)?.[1] ?? 'record';
    const where = column === undefined ? `line ${line}` : `line ${line} column ${column}`;
    return new InputError(`${basename(this.options.file)} ${where}: element <${name}> from line ${fragment.line} is malformed: ${reason}`, {
      file: this.options.file,
      line,
      ...(column === undefined ? {} : { column }),
    });
  }
}
