/**
 * Config of the validate node: a JSON Schema (inline or from a file), rules, and code tables the
 * rules may use. A rule is one flat object; `check` enforces that it has either an expression or
 * a field with one simple operator.
 */
import { CodeTablesSchema, ScalarSchema, Type, type Static } from '../../engine/sdk/index.js';

export const ValidateRuleSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'Rule name stored with each failure, for example gtin-check-digit.' }),
    message: Type.String({ minLength: 1, description: 'Message stored with each failure.' }),
    field: Type.Optional(Type.String({ minLength: 1, description: 'Dotted path of the field the rule is about; the field that simple operators test.' })),
    expression: Type.Optional(Type.String({ minLength: 1, description: 'JSONata; the record passes when the result is truthy.' })),
    equals: Type.Optional(ScalarSchema),
    in: Type.Optional(Type.Array(ScalarSchema, { description: 'The field must equal one of these values.' })),
    matches: Type.Optional(Type.String({ description: 'The field must match this regular expression.' })),
    inTable: Type.Optional(Type.String({ minLength: 1, description: 'The field must be a code in this code table.' })),
  },
  { additionalProperties: false },
);

export const ValidateConfigSchema = Type.Object(
  {
    schema: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema 2020-12 that each record must satisfy.' })),
    schemaFile: Type.Optional(Type.String({ minLength: 1, description: 'JSON Schema file, relative to the flow file; instead of schema.' })),
    rules: Type.Optional(Type.Array(ValidateRuleSchema, { description: 'Rules checked after the schema, in order.' })),
    codeTables: Type.Optional(CodeTablesSchema),
  },
  { additionalProperties: false },
);

export type ValidateConfig = Static<typeof ValidateConfigSchema>;
export type ValidateRule = Static<typeof ValidateRuleSchema>;
