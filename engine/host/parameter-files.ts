/** Parameter files (`*.params.json`) as the run panel lists and loads them. */
import { dirname } from 'node:path';
import type { FlowDocument } from '../flow/flow-schema.js';
import { readParametersFile, type ParameterOverride } from '../flow/parameters.js';
import type { FlowWorkspace } from './flow-workspace.js';

export const PARAMETER_FILE_SUFFIX = '.params.json';

/** Lists parameter files in the workspace and, when the flow file lies outside it, in the flow file's folder. */
export async function listParameterFiles(workspace: FlowWorkspace, flowPath: string | undefined): Promise<string[]> {
  const folders = [workspace.root];
  if (flowPath !== undefined) {
    const flowFolder = dirname(workspace.resolve(flowPath));
    if (!folders.includes(flowFolder) && workspace.display(flowFolder) === flowFolder) {
      folders.push(flowFolder);
    }
  }
  const found = new Set<string>();
  for (const folder of folders) {
    for (const path of await workspace.findFiles(folder, PARAMETER_FILE_SUFFIX)) {
      found.add(workspace.display(path));
    }
  }
  return [...found];
}

/** Reads a parameter file for `flow`; values of parameters the flow does not declare are returned apart. */
export async function readParameterFile(
  workspace: FlowWorkspace,
  path: string,
  flow: FlowDocument,
): Promise<{ path: string; values: Record<string, ParameterOverride>; undeclared: string[] }> {
  const absolute = workspace.resolve(path, PARAMETER_FILE_SUFFIX);
  const read = await readParametersFile(absolute, flow);
  const declared = flow.parameters ?? {};
  const values: Record<string, ParameterOverride> = {};
  const undeclared: string[] = [];
  for (const [name, value] of Object.entries(read)) {
    if (name in declared) {
      values[name] = value;
    } else {
      undeclared.push(name);
    }
  }
  return { path: workspace.display(absolute), values, undeclared };
}
