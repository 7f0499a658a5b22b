/**
 * The plain functions behind Flowmason's expression library, for node kinds that need them
 * without JSONata: field paths, simple conditions, code tables, GS1 keys, units, text, and the
 * JSON Schema formats. Node kinds reach them through `engine/sdk`.
 */
export * from './code-tables.js';
export * from './field-path.js';
export * from './gs1.js';
export * from './schema-formats.js';
export * from './simple-condition.js';
export * from './text.js';
export * from './truthiness.js';
export * from './units.js';
export { quoteExpression } from './expression-errors.js';
