/**
 * `trigger.file-watch`: names a folder whose new files start runs of the flow. `flowmason watch`
 * reads its config, and runs the flow once per new file with a parameter set to the file's path.
 * Inside a run the node emits nothing: the flow's readers read the file that parameter names.
 */
import { defineNodeKind, type ConfigProblem } from '../../engine/sdk/index.js';
import { compileFilePattern } from './file-pattern.js';
import { FileWatchConfigSchema, type FileWatchConfig } from './trigger-file-watch.schema.js';

export const FILE_WATCH_TYPE = 'trigger.file-watch';

export const fileWatchNode = defineNodeKind({
  type: FILE_WATCH_TYPE,
  version: 1,
  category: 'connector',
  title: 'Watch folder',
  description: 'Starts one run per new file in a folder when the flow runs under flowmason watch, with a parameter set to the file; then moves the file to done or failed.',
  configSchema: FileWatchConfigSchema,
  defaultConfig: { folder: '', parameter: 'input' },
  hasInput: false,
  outputs: () => [],
  check: checkConfig,
  create() {
    return {
      async run() {
        // Nothing to emit: the watch command has already put this run's file into the parameter.
      },
    };
  },
});

function checkConfig(config: FileWatchConfig): ConfigProblem[] {
  const matches = compileFilePattern(config.pattern ?? '*');
  return typeof matches === 'function' ? [] : [{ field: 'pattern', message: matches.error }];
}
