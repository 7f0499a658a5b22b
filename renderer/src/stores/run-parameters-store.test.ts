import { beforeEach, describe, expect, it } from 'vitest';
import { useRunParametersStore, valuesOfFlow } from './run-parameters-store.js';

beforeEach(() => {
  useRunParametersStore.setState({ byFlow: {} });
});

describe('run parameters store', () => {
  it('keeps values per flow', () => {
    const store = useRunParametersStore.getState();
    store.setValue('a.flow.json', 'columnSku', 'ITEM_NO');
    expect(valuesOfFlow(useRunParametersStore.getState(), 'a.flow.json')).toEqual({ columnSku: 'ITEM_NO' });
    expect(valuesOfFlow(useRunParametersStore.getState(), 'b.flow.json')).toEqual({});
  });

  it('copies values to the key of a saved flow', () => {
    const store = useRunParametersStore.getState();
    store.setValue('unsaved-3', 'input', 'few.csv');
    store.copyValues('unsaved-3', 'few.flow.json');
    expect(valuesOfFlow(useRunParametersStore.getState(), 'few.flow.json')).toEqual({ input: 'few.csv' });
  });

  it('replaces values from a parameters file', () => {
    const store = useRunParametersStore.getState();
    store.setValue('a.flow.json', 'input', 'typed.csv');
    store.setValues('a.flow.json', { currency: 'EUR' });
    expect(valuesOfFlow(useRunParametersStore.getState(), 'a.flow.json')).toEqual({ currency: 'EUR' });
  });
});
