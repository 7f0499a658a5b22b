import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatProblem, hasErrors, loadFlowFile } from '../../flow/load-flow.js';
import { EXIT, type CliContext } from '../cli-context.js';

export function registerValidate(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check a flow file: schema, node kinds, configs, edges, cycles; prints every problem on its own line')
    .argument('<file>', 'flow file (*.flow.json)')
    .option('--json', 'print the problems as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const path = resolve(file);
      const result = await loadFlowFile(path, context.registry);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ valid: !hasErrors(result.problems), problems: result.problems }, null, 2)}\n`);
      } else {
        for (const problem of result.problems) {
          process.stderr.write(`${formatProblem(problem, path)}\n`);
        }
        if (!hasErrors(result.problems)) {
          process.stdout.write(`${file}: valid\n`);
        }
      }
      process.exitCode = hasErrors(result.problems) ? EXIT.failed : EXIT.ok;
    });
}
