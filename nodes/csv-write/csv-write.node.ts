import { checkFilePathTemplate, defineNodeKind, type ConfigProblem } from '../../engine/sdk/index.js';
import { CsvWriteConfigSchema } from './csv-write.schema.js';
import { CsvWriter } from './csv-writer.js';

export const csvWriteNode = defineNodeKind({
  type: 'csv.write',
  version: 1,
  category: 'connector',
  title: 'Write CSV',
  description: 'Writes the records it receives to a CSV file. The file replaces the target only when the run completes; a failed run leaves the target as it was.',
  configSchema: CsvWriteConfigSchema,
  defaultConfig: { path: '' },
  hasInput: true,
  outputs: () => [],
  check(config) {
    const problems: ConfigProblem[] = checkFilePathTemplate(config.path, config.delivery);
    if (config.bom === true && config.encoding === 'windows-1252') {
      problems.push({ field: 'bom', message: 'windows-1252 has no byte order mark; turn bom off or write utf-8' });
    }
    return problems;
  },
  create: (config, context) => new CsvWriter(config, context),
});
