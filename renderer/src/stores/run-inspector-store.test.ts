import { beforeEach, describe, expect, it } from 'vitest';
import type { StepInfo } from '../../../engine/api/index.js';
import { isRunActive, useRunInspectorStore } from './run-inspector-store.js';

function step(nodeId: string, recordsIn: number): StepInfo {
  return {
    runId: 7,
    nodeId,
    nodeType: 'test.map',
    status: 'RUNNING',
    recordsIn,
    outputs: { out: recordsIn },
    errors: 0,
    unchanged: 0,
    held: 0,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
  };
}

beforeEach(() => {
  useRunInspectorStore.getState().reset();
});

describe('run inspector store', () => {
  it('follows a resumed run as running', () => {
    useRunInspectorStore.getState().resumed(7, 1_000);
    const state = useRunInspectorStore.getState();
    expect(state.runId).toBe(7);
    expect(state.status).toBe('RUNNING');
    expect(state.startedAt).toBe(1_000);
    expect(isRunActive(state)).toBe(true);
  });

  it('applies events of a resumed run', () => {
    useRunInspectorStore.getState().resumed(7, 1_000);
    useRunInspectorStore.getState().applySteps(7, [step('map-1', 500)]);
    useRunInspectorStore.getState().finished(7, 'COMPLETED', null);
    expect(useRunInspectorStore.getState().steps['map-1']?.recordsIn).toBe(500);
    expect(useRunInspectorStore.getState().status).toBe('COMPLETED');
  });

  it('keeps event counts over stored steps', () => {
    useRunInspectorStore.getState().resumed(7, 1_000);
    useRunInspectorStore.getState().applySteps(7, [step('map-1', 900)]);
    useRunInspectorStore.getState().applyStoredSteps(7, [step('map-1', 400), step('read-1', 1_000)]);
    const { steps } = useRunInspectorStore.getState();
    expect(steps['map-1']?.recordsIn).toBe(900);
    expect(steps['read-1']?.recordsIn).toBe(1_000);
  });

  it('ignores stored steps of another run', () => {
    useRunInspectorStore.getState().resumed(7, 1_000);
    useRunInspectorStore.getState().applyStoredSteps(8, [step('read-1', 1_000)]);
    expect(useRunInspectorStore.getState().steps).toEqual({});
  });
});
