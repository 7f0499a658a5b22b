/**
 * Parameter values typed into the run panel, kept per flow so that one flow's values never reach
 * another flow's run. A flow is known by its {@link flowKey}. An empty value means the default.
 */
import { create } from 'zustand';

export type ParameterValues = Readonly<Record<string, string>>;

export interface RunParametersState {
  /** Values by flow key, then by parameter name. */
  byFlow: Readonly<Record<string, ParameterValues>>;
  setValue(flowKey: string, name: string, value: string): void;
  /** Replaces the values of one flow, as loading a parameters file does. */
  setValues(flowKey: string, values: ParameterValues): void;
  /** Gives the values of one flow to another key too, when an unsaved flow gets a file or is saved under a new name. */
  copyValues(fromKey: string, toKey: string): void;
}

const NO_VALUES: ParameterValues = {};

export const useRunParametersStore = create<RunParametersState>()((set) => ({
  byFlow: {},
  setValue: (flowKey, name, value) => set((state) => ({ byFlow: { ...state.byFlow, [flowKey]: { ...state.byFlow[flowKey], [name]: value } } })),
  setValues: (flowKey, values) => set((state) => ({ byFlow: { ...state.byFlow, [flowKey]: { ...values } } })),
  copyValues: (fromKey, toKey) =>
    set((state) => {
      const values = state.byFlow[fromKey];
      return values === undefined || fromKey === toKey ? state : { byFlow: { ...state.byFlow, [toKey]: values } };
    }),
}));

/** Returns the values typed for one flow. */
export function valuesOfFlow(state: RunParametersState, flowKey: string): ParameterValues {
  return state.byFlow[flowKey] ?? NO_VALUES;
}
