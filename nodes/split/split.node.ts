/**
 * The split node: one record per element of an array field, such as one record per catalog item
 * or order line of an EDI document, with chosen fields of the input copied into each.
 */
import { defineNodeKind, type ConfigProblem } from '../../engine/sdk/index.js';
import { fieldPathProblems, throwFirstProblem } from '../shared/config-problems.js';
import { RecordSplitter, SPLIT_OUTPUT_PORT } from './record-splitter.js';
import { SplitConfigSchema, type SplitConfig } from './split.schema.js';

export const splitNode = defineNodeKind({
  type: 'split',
  version: 1,
  category: 'transform',
  title: 'Split',
  description: 'Makes one record per element of an array field, such as the lines of an order, copying chosen fields of the input into each.',
  configSchema: SplitConfigSchema,
  defaultConfig: { path: '' },
  hasInput: true,
  outputs: () => [SPLIT_OUTPUT_PORT],
  check: checkConfig,
  create(config) {
    throwFirstProblem(checkConfig(config));
    const splitter = new RecordSplitter(config);
    return {
      process: (batch, out) => splitter.process(batch, out),
    };
  },
});

function checkConfig(config: SplitConfig): ConfigProblem[] {
  return fieldPathProblems([
    ['path', config.path],
    ['target', config.target],
    ['positionField', config.positionField],
    ...Object.entries(config.include ?? {}).flatMap(([target, source]) => [
      [`include.${target}`, target] as const,
      [`include.${target}`, source] as const,
    ]),
  ]);
}
