import { describe, expect, it } from 'vitest';
import { configErrorSchema } from './config-errors.js';
import { checkJsonataSyntax, lineAndColumn } from './jsonata-syntax.js';
import { fitsSchema } from './schema-validator.js';
import { emptyTextValue } from './form-widgets.js';
import { optionLabel } from './option-labels.js';
import { buildUiSchema, configUiSchema, formSchema, labelFor } from './ui-schema.js';
import { convertScalar, scalarKinds } from './value-fields.js';

describe('config ui schema', () => {
  it('picks editors from hints and names', () => {
    const schema = {
      type: 'object',
      properties: {
        fields: { type: 'array', items: { type: 'object', properties: { expression: { type: 'string' }, target: { type: 'string' } } } },
        schema: { type: 'object', 'x-editor': 'json-schema' },
        lookup: { type: 'object', patternProperties: { '^.*$': {} } },
        check: { type: 'string', 'x-editor': 'jsonata' },
        path: { type: 'string' },
      },
    };
    expect(buildUiSchema(schema)).toEqual({
      fields: { 'ui:title': 'Fields', items: { expression: { 'ui:title': 'Expression', 'ui:widget': 'jsonata', 'ui:hideError': true }, target: { 'ui:title': 'Target' } } },
      schema: { 'ui:title': 'Schema', 'ui:field': 'jsonCode', 'ui:options': { editor: 'json-schema' } },
      lookup: { 'ui:title': 'Lookup', 'ui:field': 'jsonCode', 'ui:options': { editor: 'json' } },
      check: { 'ui:title': 'Check', 'ui:widget': 'jsonata', 'ui:hideError': true },
      path: { 'ui:title': 'Path' },
    });
    expect(labelFor('skipEmptyLines')).toBe('Skip empty lines');
    expect(configUiSchema({ type: 'object', properties: {} })['ui:submitButtonOptions']).toEqual({ norender: true });
  });
});

describe('form schema', () => {
  it('turns a union of constants into an enum', () => {
    const schema = { type: 'object', properties: { mode: { description: 'How', anyOf: [{ const: 'first', type: 'string' }, { const: 'all', type: 'string' }] } } };
    expect(formSchema(schema)).toEqual({ type: 'object', properties: { mode: { description: 'How', type: 'string', enum: ['first', 'all'] } } });
  });

  it('turns a union of plain types into a list of types', () => {
    const schema = { description: 'Value', anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] };
    expect(formSchema(schema)).toEqual({ description: 'Value', type: ['string', 'number', 'boolean', 'null'] });
    expect(buildUiSchema(schema, 'equals')).toEqual({ 'ui:title': 'Equals', 'ui:field': 'scalarValue', 'ui:fieldReplacesAnyOrOneOf': true });
  });

  it('titles union branches by their discriminator, required keys or type', () => {
    const connection = {
      anyOf: [
        { type: 'object', required: ['driver', 'path'], properties: { driver: { const: 'sqlite', type: 'string' }, path: { type: 'string' } } },
        { type: 'object', required: ['driver', 'url'], properties: { driver: { const: 'postgres', type: 'string' }, url: { type: 'string' } } },
      ],
    };
    const url = { anyOf: [{ type: 'string' }, { type: 'object', required: ['expression'], properties: { expression: { type: 'string' } } }] };
    expect((formSchema(connection) as { anyOf: { title: string }[] }).anyOf.map((branch) => branch.title)).toEqual(['sqlite', 'postgres']);
    expect((formSchema(url) as { anyOf: { title: string }[] }).anyOf.map((branch) => branch.title)).toEqual(['text', 'expression']);
  });
});

describe('option labels', () => {
  it('names separator characters', () => {
    expect(optionLabel('\t', '\t')).toBe('Tab');
    expect(optionLabel(';', ';')).toBe('Semicolon (;)');
    expect(optionLabel('utf-8', 'utf-8')).toBe('utf-8');
    expect(optionLabel('a', 'The letter a')).toBe('The letter a');
  });
});

describe('emptied text fields', () => {
  it('remove the setting unless empty differs from the default', () => {
    expect(emptyTextValue({ type: 'string', minLength: 1 })).toBeUndefined();
    expect(emptyTextValue({ type: 'string' })).toBeUndefined();
    expect(emptyTextValue({ type: 'string', maxLength: 1, default: '"' })).toBe('');
  });
});

describe('plain values', () => {
  it('reads kinds from the list of types', () => {
    expect(scalarKinds({ type: ['string', 'integer', 'null'] })).toEqual(['text', 'number', 'null']);
  });

  it('converts between kinds', () => {
    expect(convertScalar(12, 'text')).toBe('12');
    expect(convertScalar('12.5', 'number')).toBe(12.5);
    expect(convertScalar('abc', 'number')).toBe(0);
    expect(convertScalar('true', 'boolean')).toBe(true);
    expect(convertScalar('x', 'null')).toBeNull();
  });
});

describe('structural validator', () => {
  const root = {};
  it('matches union branches by type and const', () => {
    const schema = { anyOf: [{ type: 'object', properties: { mode: { const: 'a' } }, required: ['mode'] }, { type: 'string' }] };
    expect(fitsSchema(schema, { mode: 'a' }, root)).toBe(true);
    expect(fitsSchema(schema, { mode: 'b' }, root)).toBe(false);
    expect(fitsSchema(schema, 'text', root)).toBe(true);
    expect(fitsSchema(schema, 3, root)).toBe(false);
  });

  it('checks items, enums and closed objects', () => {
    expect(fitsSchema({ type: 'array', items: { enum: ['x', 'y'] } }, ['x', 'z'], root)).toBe(false);
    expect(fitsSchema({ type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false }, { a: 1, b: 2 }, root)).toBe(false);
    expect(fitsSchema({ type: 'number' }, 2, root)).toBe(true);
  });

  it('follows local references', () => {
    const withDefinitions = { $defs: { code: { type: 'string' } } };
    expect(fitsSchema({ $ref: '#/$defs/code' }, 'EA', withDefinitions)).toBe(true);
    expect(fitsSchema({ $ref: '#/$defs/code' }, 1, withDefinitions)).toBe(false);
  });
});

describe('host problems in the form', () => {
  it('nests config problems by field path', () => {
    const errors = configErrorSchema([
      { severity: 'error', nodeId: 'map', field: 'config.fields.0.expression', message: 'invalid JSONata' },
      { severity: 'error', nodeId: 'map', field: 'config', message: 'is not an object' },
      { severity: 'error', nodeId: 'map', field: 'type', message: 'unknown type' },
    ]);
    expect(errors).toEqual({ __errors: ['is not an object'], fields: { 0: { expression: { __errors: ['invalid JSONata'] } } } });
  });
});

describe('JSONata syntax check', () => {
  it('reports the position of a mistake', () => {
    const error = checkJsonataSyntax('name &');
    expect(error?.message).toBeTruthy();
    expect(checkJsonataSyntax('$uppercase(name)')).toBeNull();
    expect(checkJsonataSyntax('  ')).toBeNull();
  });

  it('converts offsets to line and column', () => {
    expect(lineAndColumn('a\nbc', 3)).toEqual({ line: 2, column: 2 });
  });
});
