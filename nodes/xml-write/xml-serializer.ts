/**
 * Writes record data as XML elements: objects become nested elements, arrays repeated elements,
 * fields with the attribute prefix attributes, and the text field the element's text. Text and
 * attribute values are escaped; names and characters that XML 1.0 cannot carry are rejected with
 * the field's path.
 */
import { InputError, type RecordData } from '../../engine/sdk/index.js';
import { isXmlName } from '../shared/xml-name.js';

export interface XmlSerializerOptions {
  attributePrefix: string;
  textField: string;
  /** Spaces per level; 0 writes everything on one line. */
  indent: number;
  nullValues: 'empty' | 'omit';
}

/** Characters XML 1.0 does not allow in a document, even escaped: most C0 controls, lone surrogates, U+FFFE and U+FFFF. */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** One attribute to write, with the field it came from for messages. */
export interface Attribute {
  name: string;
  value: string;
  field: string;
}

export class XmlSerializer {
  constructor(private readonly options: XmlSerializerOptions) {}

  /** Returns the element for one record, indented for `level` and ending in a newline. Throws an InputError naming the field. */
  serializeRecord(name: string, data: RecordData, level: number): string {
    // Without indentation each record still gets a line of its own.
    return `${this.element(name, data, level, '')}${this.options.indent === 0 ? '\n' : ''}`;
  }

  /** Returns a start tag with escaped attributes, without the closing `>`. */
  startTag(name: string, attributes: readonly Attribute[]): string {
    let tag = `<${name}`;
    for (const { name: attribute, value, field } of attributes) {
      if (!isXmlName(attribute)) {
        throw new InputError(`field '${field}': '${attribute}' is not a valid XML attribute name`, { field });
      }
      tag += ` ${attribute}="${escapeAttribute(value, field)}"`;
    }
    return tag;
  }

  private element(name: string, value: unknown, level: number, field: string): string {
    const pad = this.pad(level);
    if (value === null || value === undefined) {
      return `${pad}<${name}/>${this.newline}`;
    }
    if (typeof value !== 'object') {
      return `${pad}<${name}>${escapeText(scalarText(value), field)}</${name}>${this.newline}`;
    }
    if (Array.isArray(value)) {
      throw new InputError(`field '${field}' is a list inside a list, which XML elements cannot express`, { field });
    }

    const attributes: Attribute[] = [];
    let text = '';
    const children: string[] = [];
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childField = joinField(field, key);
      if (key === this.options.textField) {
        text = child === null || child === undefined ? '' : escapeText(scalarText(child, childField), childField);
      } else if (key.startsWith(this.options.attributePrefix)) {
        if (child !== null && child !== undefined) {
          attributes.push({ name: key.slice(this.options.attributePrefix.length), value: scalarText(child, childField), field: childField });
        }
      } else {
        children.push(...this.childElements(key, child, level + 1, childField));
      }
    }

    const start = this.startTag(name, attributes);
    if (children.length === 0) {
      return text === '' ? `${pad}${start}/>${this.newline}` : `${pad}${start}>${text}</${name}>${this.newline}`;
    }
    return `${pad}${start}>${this.newline}${text === '' ? '' : `${this.pad(level + 1)}${text}${this.newline}`}${children.join('')}${pad}</${name}>${this.newline}`;
  }

  private childElements(name: string, value: unknown, level: number, field: string): string[] {
    if (!isXmlName(name)) {
      throw new InputError(`field '${field}': '${name}' is not a valid XML element name`, { field });
    }
    if (value === null || value === undefined) {
      return this.options.nullValues === 'omit' ? [] : [this.element(name, null, level, field)];
    }
    if (Array.isArray(value)) {
      return value.map((item, index) => this.element(name, item, level, `${field}.${index}`));
    }
    return [this.element(name, value, level, field)];
  }

  private get newline(): string {
    return this.options.indent === 0 ? '' : '\n';
  }

  private pad(level: number): string {
    return ' '.repeat(this.options.indent * level);
  }
}

function scalarText(value: unknown, field = ''): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  throw new InputError(`field '${field}' contains ${Array.isArray(value) ? 'a list' : 'an object'}, but only text, numbers and booleans can be attributes or text`, { field });
}

/** Escapes element text: `&`, `<` and `>` (so `]]>` cannot appear), and CR, which a parser would otherwise turn into LF. */
export function escapeText(text: string, field: string): string {
  rejectForbidden(text, field);
  return text.replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] as string);
}

/** Escapes an attribute value for double quotes; tabs and line breaks become references so that parsers keep them. */
export function escapeAttribute(text: string, field: string): string {
  rejectForbidden(text, field);
  return text.replace(/[&<>"\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] as string);
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

function rejectForbidden(text: string, field: string): void {
  const match = FORBIDDEN_CHARACTER.exec(text);
  if (match !== null) {
    const code = (match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(`field '${field}' contains the character U+${code} at position ${match.index + 1}, which XML 1.0 does not allow`, { field });
  }
}

function joinField(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}
