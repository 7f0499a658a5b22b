import { defineNodeKind, type ConfigProblem } from '../../engine/sdk/index.js';
import { CsvReadConfigSchema } from './csv-read.schema.js';
import { CSV_READ_OUTPUT, CsvReader } from './csv-reader.js';

export const csvReadNode = defineNodeKind({
  type: 'csv.read',
  version: 1,
  category: 'connector',
  title: 'Read CSV',
  description: 'Reads a CSV file as a stream of records, one per row, with the column names from the header. Rows that break a rule go to the error port with their line.',
  configSchema: CsvReadConfigSchema,
  defaultConfig: { path: '' },
  hasInput: false,
  outputs: () => [CSV_READ_OUTPUT],
  check(config) {
    const problems: ConfigProblem[] = [];
    const quote = config.quote ?? '"';
    if (quote !== '' && quote === config.delimiter) {
      problems.push({ field: 'quote', message: `the quote character '${quote}' is also the delimiter; choose another` });
    }
    if (quote === '\n' || quote === '\r') {
      problems.push({ field: 'quote', message: 'a line break cannot be the quote character' });
    }
    return problems;
  },
  create: (config, context) => new CsvReader(config, context),
});
