import type { Command } from 'commander';
import { traceKey, type TraceEvent } from '../../operations/trace-key.js';
import { EXIT, type CliContext } from '../cli-context.js';
import { formatTable, formatTime } from '../table.js';
import { ACTION_TEXT, auditComment } from './approvals.js';

export function registerTrace(program: Command, context: CliContext): void {
  program
    .command('trace')
    .description(
      'show what happened to one business key, oldest first: deliveries to each target (exceptions files included), dead letters and how they closed, approvals and every decision. A run that found the record unchanged at a sink leaves no delivery to show',
    )
    .argument('<key>', 'business key, such as an item number or a customer number')
    .option('--flow <id>', 'only runs of this flow id')
    .option('--db <path>', 'run history file')
    .option('--json', 'print {key, events} as JSON')
    .action(async (key: string, options: { flow?: string; db?: string; json?: boolean }) => {
      const store = await context.openStore(options);
      const events = await traceKey(store, key, options.flow);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ key, ...(options.flow === undefined ? {} : { flowId: options.flow }), events }, null, 2)}\n`);
      } else if (events.length === 0) {
        process.stdout.write(`no history of key '${key}'${options.flow === undefined ? '' : ` in flow '${options.flow}'`} in ${store.path}\n`);
      } else {
        process.stdout.write(`${traceText(key, events)}\n`);
      }
      process.exitCode = EXIT.ok;
    });
}

/** Renders the events of a key as a heading and a table, one line per event. */
export function traceText(key: string, events: readonly TraceEvent[]): string {
  const runs = [...new Set(events.flatMap((event) => (event.runId === null ? [] : [event.runId])))].sort((a, b) => a - b);
  const heading = `key ${key}: ${events.length} event${events.length === 1 ? '' : 's'} in run${runs.length === 1 ? '' : 's'} ${runs.join(', ')}`;
  const table = formatTable(
    ['TIME', 'RUN', 'FLOW', 'NODE', 'EVENT'],
    events.map((event) => [formatTime(event.time), event.runId === null ? '-' : String(event.runId), event.flowId ?? '-', event.nodeId, eventText(event)]),
  );
  return `${heading}\n\n${table}`;
}

function eventText(event: TraceEvent): string {
  switch (event.kind) {
    case 'delivery':
      return `${event.exception ? 'exception written' : 'delivered'} to ${event.target}  sha256 ${event.contentHash.slice(0, 12)} ${event.content} content`;
    case 'dead-letter':
      return `dead letter ${event.deadLetterId} (${event.open ? 'open' : 'closed'}): ${event.error}`;
    case 'dead-letter-closed':
      return `dead letter ${event.deadLetterId} closed: ${event.resolution}`;
    case 'held':
      if (event.supersededByRunId !== null) {
        return `held for approval ${event.approvalId}, superseded by run ${event.supersededByRunId}, which brought other content`;
      }
      return `held for approval ${event.approvalId}, now ${event.status}${event.continuationRunId === null ? '' : `, continued by run ${event.continuationRunId}`}`;
    case 'decision': {
      const comment = auditComment(event);
      return `approval ${event.approvalId} ${ACTION_TEXT[event.action]} by ${event.actor}${comment === '-' ? '' : `: ${comment}`}`;
    }
  }
}
