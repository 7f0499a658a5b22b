/**
 * Finds the folders `flowmason watch` takes files from: one per trigger.file-watch node of the
 * flow, with its config's `$param` and `$secret` references resolved the way a run resolves them.
 */
import { resolve } from 'node:path';
import { FILE_WATCH_TYPE } from '../../nodes/trigger-file-watch/trigger-file-watch.node.js';
import type { FileWatchConfig } from '../../nodes/trigger-file-watch/trigger-file-watch.schema.js';
import { fileWatchSettings } from '../../nodes/trigger-file-watch/watched-folder.js';
import { InputError } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import { describeSchemaError, upgradeConfig } from '../flow/load-flow.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { resolveParameters, type ParameterOverride } from '../flow/parameters.js';
import { replaceReferences } from '../flow/references.js';
import { createAjv } from '../json-schema.js';
import type { SecretResolver } from '../runtime/secrets.js';
import type { WatchedFolder } from '../watch/watched-folder.js';

export interface WatchedFoldersOptions {
  flow: FlowDocument;
  registry: NodeRegistry;
  flowDir: string;
  overrides: Readonly<Record<string, ParameterOverride>>;
  overrideDir: string;
  secrets: SecretResolver;
}

/** Returns the watched folders of the flow's trigger nodes. Throws an InputError naming the node and field of the first problem. */
export function watchedFoldersOf(options: WatchedFoldersOptions): WatchedFolder[] {
  const { flow, registry } = options;
  const kind = registry.get(FILE_WATCH_TYPE);
  const triggers = flow.nodes.filter((node) => node.type === FILE_WATCH_TYPE);
  if (kind === undefined || triggers.length === 0) {
    throw new InputError(`flow '${flow.id}' has no ${FILE_WATCH_TYPE} node; add one that names the folder to watch and the parameter that receives each file`);
  }

  // Each trigger's parameter gets a file per run, so it needs no value of its own here.
  const placeholders: Record<string, ParameterOverride> = {};
  for (const node of triggers) {
    const parameter = (node.config as { parameter?: unknown }).parameter;
    if (typeof parameter !== 'string') {
      continue;
    }
    const declared = flow.parameters?.[parameter];
    if (declared === undefined) {
      throw new InputError(`node '${node.id}' field 'config.parameter': the flow declares no parameter '${parameter}' to receive each file's path`);
    }
    if (declared.default === undefined) {
      placeholders[parameter] = '.';
    }
  }
  const params = resolveParameters(flow, { ...placeholders, ...options.overrides }, { flowDir: options.flowDir, overrideDir: options.overrideDir });

  const validate = createAjv().compile(kind.configSchema);
  return triggers.map((node) => {
    const config = replaceReferences(upgradeConfig(node, kind), (reference, path) => {
      if (reference.kind === '$secret') {
        return options.secrets.resolve(reference.name);
      }
      if (!(reference.name in params)) {
        throw new InputError(`node '${node.id}' field 'config.${path}' refers to parameter '${reference.name}', which the flow does not declare`);
      }
      return params[reference.name];
    });
    if (!validate(config)) {
      const details = (validate.errors ?? []).map((error) => {
        const described = describeSchemaError(error, 'config');
        return `field '${described.field}' ${described.message}`;
      });
      throw new InputError(`node '${node.id}' (${FILE_WATCH_TYPE}) has invalid config: ${details.join('; ')}`);
    }
    const settings = fileWatchSettings(node.id, config as FileWatchConfig, (path) => resolve(options.flowDir, path));
    if (flow.parameters?.[settings.parameter] === undefined) {
      throw new InputError(`node '${node.id}' field 'config.parameter': the flow declares no parameter '${settings.parameter}' to receive each file's path`);
    }
    return settings;
  });
}
