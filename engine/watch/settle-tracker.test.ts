import { describe, expect, it } from 'vitest';
import { SettleTracker } from './settle-tracker.js';

const NOW = 1_000_000;

describe('SettleTracker', () => {
  it('settles a file unchanged for the settle time at once', () => {
    const tracker = new SettleTracker(2_000);
    expect(tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 5_000 }], NOW)).toEqual({ settled: ['/in/a.edi'], nextCheckInMs: undefined });
  });

  it('waits for a file changed just now', () => {
    const tracker = new SettleTracker(2_000);
    expect(tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 500 }], NOW)).toEqual({ settled: [], nextCheckInMs: 1_500 });
    expect(tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 500 }], NOW + 1_500)).toEqual({ settled: ['/in/a.edi'], nextCheckInMs: undefined });
  });

  it('starts again when the size changes', () => {
    const tracker = new SettleTracker(2_000);
    tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 500 }], NOW);
    expect(tracker.observe([{ path: '/in/a.edi', size: 20, changedAtMs: NOW - 500 }], NOW + 1_900)).toEqual({ settled: [], nextCheckInMs: 2_000 });
    expect(tracker.observe([{ path: '/in/a.edi', size: 20, changedAtMs: NOW - 500 }], NOW + 3_900)).toEqual({ settled: ['/in/a.edi'], nextCheckInMs: undefined });
  });

  it('starts again when the modification time changes', () => {
    const tracker = new SettleTracker(2_000);
    tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 500 }], NOW);
    expect(tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW + 1_000 }], NOW + 1_900).settled).toEqual([]);
  });

  it('treats a file seen again after it vanished as new', () => {
    const tracker = new SettleTracker(2_000);
    tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW - 500 }], NOW);
    tracker.observe([], NOW + 100);
    expect(tracker.observe([{ path: '/in/a.edi', size: 10, changedAtMs: NOW + 50 }], NOW + 200)).toEqual({ settled: [], nextCheckInMs: 1_850 });
  });

  it('settles every file with a settle time of zero', () => {
    const tracker = new SettleTracker(0);
    const files = [
      { path: '/in/b.edi', size: 1, changedAtMs: NOW },
      { path: '/in/a.edi', size: 1, changedAtMs: NOW + 10 },
    ];
    expect(tracker.observe(files, NOW).settled).toEqual(['/in/b.edi', '/in/a.edi']);
  });
});
