import { defineNodeKind } from '../../engine/sdk/index.js';
import { parseRecordPath } from './record-path.js';
import { XmlReadConfigSchema } from './xml-read.schema.js';
import { XmlReader } from './xml-reader.js';

/** Reads records from an XML file, one per element at the record path, streaming. */
export const xmlReadNode = defineNodeKind({
  type: 'xml.read',
  version: 1,
  category: 'connector',
  title: 'Read XML',
  description: 'Reads an XML file as a stream and emits one record per element at the record path, such as each Item under Catalog/Items.',
  configSchema: XmlReadConfigSchema,
  defaultConfig: { path: '', recordPath: '' },
  hasInput: false,
  outputs: () => ['out'],
  check(config) {
    const parsed = parseRecordPath(config.recordPath);
    return 'error' in parsed ? [{ field: 'recordPath', message: parsed.error }] : [];
  },
  create(config, context) {
    return new XmlReader(config, context);
  },
});
