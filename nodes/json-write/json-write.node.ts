import { checkFilePathTemplate, defineNodeKind } from '../../engine/sdk/index.js';
import { JsonWriteConfigSchema } from './json-write.schema.js';
import { JsonWriter } from './json-writer.js';

export const jsonWriteNode = defineNodeKind({
  type: 'json.write',
  version: 1,
  category: 'connector',
  title: 'Write JSON',
  description: 'Writes the records it receives to a JSON Lines file or a JSON array. The file replaces the target only when the run completes; a failed run leaves the target as it was.',
  configSchema: JsonWriteConfigSchema,
  defaultConfig: { path: '' },
  hasInput: true,
  outputs: () => [],
  check: (config) => checkFilePathTemplate(config.path, config.delivery),
  create: (config, context) => new JsonWriter(config, context),
});
