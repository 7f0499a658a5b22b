/**
 * The `flowmason` command line. Each command lives in `commands/` and registers itself here.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { rejectOptionsAsValues, UsageError } from './arguments.js';
import { CliContext, defaultLogLevel, EXIT, reportError, writeJsonError } from './cli-context.js';
import { registerApprovals } from './commands/approvals.js';
import { registerDeadLetters } from './commands/dead-letters.js';
import { registerDecisions } from './commands/decide.js';
import { registerPrune } from './commands/prune.js';
import { registerReplay } from './commands/replay.js';
import { registerRerun } from './commands/rerun.js';
import { registerRead } from './commands/read.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';
import { registerShow } from './commands/show.js';
import { registerStudio } from './commands/studio.js';
import { registerTrace } from './commands/trace.js';
import { registerValidate } from './commands/validate.js';
import { registerWatch } from './commands/watch.js';

/** Reads the version from package.json, two folders above the compiled dist/engine/cli/. */
function packageVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

export function createProgram(context: CliContext): Command {
  const program = new Command('flowmason')
    .description('Flowmason: run and inspect integration flows')
    .version(packageVersion(), '-V, --version', 'print the Flowmason version')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => rejectOptionsAsValues(command));
  registerValidate(program, context);
  registerRun(program, context);
  registerRuns(program, context);
  registerShow(program, context);
  registerRerun(program, context);
  registerTrace(program, context);
  registerDeadLetters(program, context);
  registerReplay(program, context);
  registerApprovals(program, context);
  registerDecisions(program, context);
  registerPrune(program, context);
  registerStudio(program, context);
  registerRead(program);
  registerWatch(program, context);
  return program;
}

async function main(argv: readonly string[]): Promise<number> {
  const context = new CliContext({ logLevel: defaultLogLevel(argv[2]) });
  const program = createProgram(context);
  // A script that asked for JSON gets its failures as JSON too, besides the message on stderr.
  const json = argv.slice(2).includes('--json');
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) {
        return EXIT.ok;
      }
      if (json) {
        writeJsonError(error.message.replace(/^error: /, ''), 'usage');
      }
      return EXIT.usage;
    }
    reportError(error, json);
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  } finally {
    await context.close();
  }
}

process.exitCode = await main(process.argv);
