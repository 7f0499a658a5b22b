import { defineNodeKind, type ConfigProblem } from '../../engine/sdk/index.js';
import { throwFirstProblem } from '../shared/config-problems.js';
import { isXmlName } from '../shared/xml-name.js';
import { XmlWriteConfigSchema, type XmlWriteConfig } from './xml-write.schema.js';
import { XmlWriter } from './xml-writer.js';

/** Writes records as elements of one XML file, replacing the file atomically when the run finishes. */
export const xmlWriteNode = defineNodeKind({
  type: 'xml.write',
  version: 1,
  category: 'connector',
  title: 'Write XML',
  description: 'Writes every record as an element under one root element and replaces the XML file in one step when the run finishes.',
  configSchema: XmlWriteConfigSchema,
  defaultConfig: { path: '', rootElement: '', recordElement: '' },
  hasInput: true,
  outputs: () => [],
  check: checkNames,
  create(config, context) {
    throwFirstProblem(checkNames(config));
    return new XmlWriter(config, context);
  },
});

function checkNames(config: XmlWriteConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const field of ['rootElement', 'recordElement'] as const) {
    if (!isXmlName(config[field])) {
      problems.push({ field, message: `'${config[field]}' is not a valid XML element name` });
    }
  }
  for (const name of Object.keys(config.rootAttributes ?? {})) {
    if (!isXmlName(name)) {
      problems.push({ field: `rootAttributes.${name}`, message: `'${name}' is not a valid XML attribute name` });
    }
  }
  return problems;
}
