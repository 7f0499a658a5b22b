import { defineNodeKind } from '../../engine/sdk/index.js';
import { JsonReadConfigSchema } from './json-read.schema.js';
import { JSON_READ_OUTPUT, JsonReader } from './json-reader.js';

export const jsonReadNode = defineNodeKind({
  type: 'json.read',
  version: 1,
  category: 'connector',
  title: 'Read JSON',
  description: 'Reads a JSON array of objects or a JSON Lines file as a stream of records. Values that are not objects, or not valid JSON, go to the error port with their line.',
  configSchema: JsonReadConfigSchema,
  defaultConfig: { path: '' },
  hasInput: false,
  outputs: () => [JSON_READ_OUTPUT],
  create: (config, context) => new JsonReader(config, context),
});
