import { Type, type Static } from '../../engine/sdk/index.js';

export const XmlWriteConfigSchema = Type.Object(
  {
    path: Type.String({ minLength: 1, description: 'XML file to write; a relative path is resolved against the flow file’s folder. It is replaced whole when the run finishes.' }),
    rootElement: Type.String({ minLength: 1, description: 'Name of the element around all records, such as Catalog.' }),
    recordElement: Type.String({ minLength: 1, description: 'Name of the element written for each record, such as Item.' }),
    rootAttributes: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'Attributes of the root element, such as { "xmlns": "urn:example:catalog" }.' }),
    ),
    declaration: Type.Optional(Type.Boolean({ description: 'Start the file with <?xml version="1.0" encoding="UTF-8"?> (default true).' })),
    indent: Type.Optional(Type.Integer({ minimum: 0, maximum: 8, description: 'Spaces per nesting level (default 2); 0 writes each record on one line.' })),
    attributePrefix: Type.Optional(
      Type.String({ minLength: 1, description: 'Fields whose names start with this prefix become attributes (default @, so @id becomes id="...").' }),
    ),
    textField: Type.Optional(Type.String({ minLength: 1, description: 'Field written as the text of its element, next to attributes and children (default #text).' })),
    nullValues: Type.Optional(
      Type.Union([Type.Literal('empty'), Type.Literal('omit')], { description: 'empty (default): a null field becomes an empty element. omit: it is left out.' }),
    ),
  },
  { additionalProperties: false },
);

export type XmlWriteConfig = Static<typeof XmlWriteConfigSchema>;
