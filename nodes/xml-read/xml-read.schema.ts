import { Type, type Static } from '../../engine/sdk/index.js';
import { XML_ENCODINGS } from './xml-encoding.js';

export const XmlReadConfigSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'XML file to read; a relative path is resolved against the flow file’s folder.' }),
    recordPath: Type.String({
      minLength: 1,
      description: 'Element names from the root to the record element, separated by /, such as Catalog/Items/Item. * matches any one name.',
    }),
    keyField: Type.Optional(
      Type.String({ minLength: 1, description: 'Field of each record that holds its business key; / separates nested fields, such as Identifiers/GTIN.' }),
    ),
    attributes: Type.Optional(
      Type.Union([Type.Literal('include'), Type.Literal('ignore')], { description: 'include (default): attributes become fields named with attributePrefix. ignore: attributes are dropped.' }),
    ),
    attributePrefix: Type.Optional(Type.String({ description: 'Prefix of fields made from attributes; default @, so id="7" becomes @id.' })),
    textField: Type.Optional(Type.String({ minLength: 1, description: 'Field for the text of an element that also has attributes or children; default #text.' })),
    arrayElements: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Element names, or paths below the record element such as Barcodes/Barcode, that always become arrays, even when they occur once.',
      }),
    ),
    removeNamespacePrefix: Type.Optional(Type.Boolean({ description: 'Drop namespace prefixes from element and attribute names (ns:Item becomes Item), in recordPath matching too.' })),
    encoding: Type.Optional(
      Type.Union([Type.Literal('auto'), ...XML_ENCODINGS.map((encoding) => Type.Literal(encoding))], {
        description: 'auto (default): from the byte order mark or the XML declaration, else UTF-8. Any other value overrides both.',
      }),
    ),
  },
  { additionalProperties: false },
);

export type XmlReadConfig = Static<typeof XmlReadConfigSchema>;
