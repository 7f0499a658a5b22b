/**
 * Live progress of a run on a terminal: one line per node with its records in and out, redrawn
 * in place as progress events arrive. Does nothing when the stream is not a terminal, so logs and
 * CI output stay clean.
 */
import type { WriteStream } from 'node:tty';
import type { RunEvent } from '../runtime/run-events.js';
import type { StepSummary } from '../store/run-store.js';
import { formatPortCounts } from './table.js';

export class ProgressDisplay {
  private readonly steps = new Map<string, StepSummary>();
  private linesDrawn = 0;

  private constructor(private readonly stream: WriteStream) {}

  /** Returns a display for `stream`, or undefined when it is not a terminal. */
  static forStream(stream: NodeJS.WriteStream): ProgressDisplay | undefined {
    return stream.isTTY ? new ProgressDisplay(stream) : undefined;
  }

  handle(event: RunEvent): void {
    if (event.type !== 'steps.updated') {
      return;
    }
    for (const step of event.steps) {
      this.steps.set(step.nodeId, step);
    }
    this.draw();
  }

  /** Erases the live lines, leaving the terminal for the summary. */
  stop(): void {
    if (this.linesDrawn > 0) {
      this.stream.moveCursor(0, -this.linesDrawn);
      this.stream.clearScreenDown();
      this.linesDrawn = 0;
    }
  }

  private draw(): void {
    const width = Math.max(...[...this.steps.keys()].map((id) => id.length), 4);
    const lines = [...this.steps.values()].map(
      (step) => `  ${step.nodeId.padEnd(width)}  ${step.status.padEnd(9)}  in ${String(step.recordsIn).padStart(9)}  ${formatPortCounts(step.outputs)}`,
    );
    if (this.linesDrawn > 0) {
      this.stream.moveCursor(0, -this.linesDrawn);
    }
    this.stream.clearScreenDown();
    this.stream.write(`${lines.join('\n')}\n`);
    this.linesDrawn = lines.length;
  }
}
