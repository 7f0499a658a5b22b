import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_INSPECTOR_WIDTH, MAX_INSPECTOR_WIDTH, MIN_INSPECTOR_WIDTH, useShellStore } from './shell-store.js';

beforeEach(() => {
  useShellStore.setState({ inspectorWidth: DEFAULT_INSPECTOR_WIDTH });
});

describe('shell store inspector width', () => {
  it('sets a width in whole pixels', () => {
    useShellStore.getState().setInspectorWidth(520.6);
    expect(useShellStore.getState().inspectorWidth).toBe(521);
  });

  it('keeps the minimum width', () => {
    useShellStore.getState().setInspectorWidth(40);
    expect(useShellStore.getState().inspectorWidth).toBe(MIN_INSPECTOR_WIDTH);
  });

  it('keeps the maximum width', () => {
    useShellStore.getState().setInspectorWidth(5_000);
    expect(useShellStore.getState().inspectorWidth).toBe(MAX_INSPECTOR_WIDTH);
  });
});
