/** Everything a node kind may import from the engine. Nodes import from here and nowhere else in `engine/`. */
export * from './node-kind.js';
export * from './content-hash.js';
export * from './file-io.js';
export * from './retry-policy.js';
export * from './standalone-context.js';
export * from '../records.js';
export * from '../errors.js';
export * from '../expressions/index.js';
export { createAjv } from '../json-schema.js';
export { ID_PATTERN } from '../flow/flow-schema.js';
export type { Logger } from '../logger.js';
export { Type } from '@sinclair/typebox';
export type { Static, TSchema } from '@sinclair/typebox';
