/** Parameter values typed into the run panel for the next run, by parameter name. Empty means the default. */
import { create } from 'zustand';

export interface RunParametersState {
  values: Readonly<Record<string, string>>;
  setValue(name: string, value: string): void;
}

export const useRunParametersStore = create<RunParametersState>()((set) => ({
  values: {},
  setValue: (name, value) => set((state) => ({ values: { ...state.values, [name]: value } })),
}));
