import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExpressionCompiler } from '../../engine/expressions/expression-compiler.js';
import type { FlowRecord, NodeContext, Output } from '../../engine/sdk/index.js';
import { makeRecords, runNode } from '../../test/support/node-harness.js';
import { validateNode } from './validate.node.js';
import type { ValidateConfig } from './validate.schema.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'flowmason-validate-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const goodItem = { sku: '10-4471', name: 'Hex bolt M8', uom: 'EA', gtin: '4006381333931' };

async function validate(config: ValidateConfig, rows: Record<string, unknown>[]) {
  return runNode(validateNode, config, { batches: [makeRecords(rows, 'sku')], baseDir: fixtures });
}

function check(config: ValidateConfig, baseDir = fixtures) {
  return validateNode.check!(config, { resolvePath: (path) => resolve(baseDir, path), expressions: createExpressionCompiler({ params: {} }) });
}

describe('validate node with a schema', () => {
  it('sends valid records to valid unchanged', async () => {
    const records = makeRecords([goodItem], 'sku');
    const result = await runNode(validateNode, { schemaFile: 'item.schema.json' }, { batches: [records], baseDir: fixtures });
    expect(result.ports.valid).toHaveLength(1);
    expect(result.ports.valid?.[0]).toBe(records[0]);
    expect(result.ports.invalid).toBeUndefined();
    expect(result.triggerInputs).toEqual([{ path: resolve(fixtures, 'item.schema.json'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number), role: 'lookup' }]);
  });

  it('reports every failure with field, rule, message and node', async () => {
    const result = await validate({ schemaFile: 'item.schema.json' }, [{ sku: '10-4472', name: 'Hex bolt M10', gtin: '0123456789013', weight: 0 }]);
    expect(result.ports.valid).toBeUndefined();
    expect(result.ports.invalid?.[0]?.errors).toEqual([
      { field: 'uom', rule: 'required', message: "'uom' is required", node: 'node-under-test' },
      { field: 'gtin', rule: 'gtin-check-digit', message: "'gtin' 0123456789013 fails the GTIN check digit", node: 'node-under-test' },
      { field: 'weight', rule: 'exclusiveMinimum', message: "'weight' 0 must be greater than 0", node: 'node-under-test' },
    ]);
  });

  it('names nested fields by dotted path', async () => {
    const result = await validate({ schemaFile: 'item.schema.json' }, [
      { ...goodItem, packs: [{ gtin: '10012345678902', quantity: 12 }, { gtin: '1001234567890', quantity: 0 }, { quantity: 2.5 }] },
    ]);
    expect(result.ports.invalid?.[0]?.errors?.map((error) => [error.field, error.rule, error.message])).toEqual([
      ['packs.1.gtin', 'gtin-check-digit', "'packs.1.gtin' 1001234567890 fails the GTIN check digit"],
      ['packs.1.quantity', 'minimum', "'packs.1.quantity' 0 is less than the minimum 1"],
      ['packs.2.gtin', 'required', "'packs.2.gtin' is required"],
      ['packs.2.quantity', 'type', "'packs.2.quantity' must be an integer; got a number 2.5"],
    ]);
  });

  it('describes common keywords in sentences', async () => {
    const result = await validate({ schemaFile: 'item.schema.json' }, [
      { sku: 'A-1', name: 'Gru\u0308ner Tee', uom: 'KG', gtin: 'ABC 123', weight: '1,5' },
      { ...goodItem, name: 'M8' },
    ]);
    expect(result.ports.invalid?.[0]?.errors?.map((error) => error.message)).toEqual([
      "'sku' A-1 does not match the pattern ^[0-9]{2}-[0-9]{4}$",
      "'name' \"Gru\u0308ner Tee\" is not in Unicode NFC (composed characters); normalise it with $nfc or $clean",
      "'uom' KG is not one of: EA, KGM, PR, DZN",
      "'gtin' \"ABC 123\" is not a GTIN: it must contain only the digits 0-9",
      "'weight' must be a number; got text 1,5",
    ]);
    expect(result.ports.invalid?.[1]?.errors?.map((error) => error.message)).toEqual(["'name' must be at least 3 characters long; got M8"]);
  });

  it('keeps errors the record already had', async () => {
    const records: FlowRecord[] = makeRecords([{ sku: '1' }], 'sku');
    records[0]!.errors = [{ rule: 'earlier', message: 'found upstream', node: 'other' }];
    const result = await runNode(validateNode, { schema: { required: ['uom'] } }, { batches: [records] });
    expect(result.ports.invalid?.[0]?.errors?.map((error) => error.rule)).toEqual(['earlier', 'required']);
    expect(records[0]!.errors).toHaveLength(1);
  });

  it('reports one error for a failed union', async () => {
    const result = await validate({ schema: { properties: { code: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[A-Z]+$' }] } } } }, [{ code: 'ab' }]);
    expect(result.ports.invalid?.[0]?.errors).toEqual([
      { field: 'code', rule: 'anyOf', message: "'code' ab does not match any of the allowed forms", node: 'node-under-test' },
    ]);
  });

  it('describes the record itself when the root fails', async () => {
    const result = await validate({ schema: { additionalProperties: false, properties: { sku: {} } } }, [{ sku: 'A', extra: 1 }]);
    expect(result.ports.invalid?.[0]?.errors).toEqual([{ field: 'extra', rule: 'additionalProperties', message: "'extra' is not an allowed field", node: 'node-under-test' }]);
  });

  it('accepts the GTIN formats and lengths', async () => {
    const schema = { properties: { gtin: { type: 'string', format: 'gtin' } } };
    const codes = ['96385074', '036000291452', '4006381333931', '10012345678902', '036000291453', '4006381333931 '];
    const result = await validate({ schema }, codes.map((gtin) => ({ gtin })));
    expect(result.ports.valid?.map((record) => record.data.gtin)).toEqual(codes.slice(0, 4));
    expect(result.ports.invalid?.map((record) => record.errors?.[0]?.message)).toEqual([
      "'gtin' 036000291453 fails the GTIN check digit",
      "'gtin' \"4006381333931 \" is not a GTIN: it must contain only the digits 0-9",
    ]);
  });
});

describe('validate node with rules', () => {
  const codeTables = { uom: { EA: 'each', KGM: 'kilogram' } };

  it('checks JSONata rules and records each failure', async () => {
    const result = await validate(
      {
        rules: [
          { name: 'gtin-check-digit', field: 'gtin', expression: '$gtinValid(gtin)', message: 'GTIN check digit is wrong' },
          { name: 'uom-code', field: 'uom', expression: '$inTable("uom", uom)', message: 'unit is not a known code' },
          { name: 'heavy-needs-pallet', expression: 'weight <= 30 or pallet = true', message: 'items over 30 kg ship on a pallet' },
        ],
        codeTables,
      },
      [
        { sku: 'A', gtin: '4006381333931', uom: 'EA', weight: 2 },
        { sku: 'B', gtin: '4006381333932', uom: 'PCE', weight: 40 },
      ],
    );
    expect(result.ports.valid?.map((record) => record.key)).toEqual(['A']);
    expect(result.ports.invalid?.[0]?.errors).toEqual([
      { field: 'gtin', rule: 'gtin-check-digit', message: 'GTIN check digit is wrong', node: 'node-under-test' },
      { field: 'uom', rule: 'uom-code', message: 'unit is not a known code', node: 'node-under-test' },
      { rule: 'heavy-needs-pallet', message: 'items over 30 kg ship on a pallet', node: 'node-under-test' },
    ]);
  });

  it('checks simple rules without JSONata', async () => {
    const result = await validate(
      {
        rules: [
          { name: 'uom-code', field: 'uom', inTable: 'uom', message: 'unknown unit' },
          { name: 'country', field: 'address.country', in: ['DE', 'AT', 'CH'], message: 'we ship to DACH only' },
          { name: 'postcode', field: 'address.zip', matches: '^[0-9]{4,5}$', message: 'postcode must have 4 or 5 digits' },
          { name: 'active', field: 'status', equals: 'A', message: 'only active items' },
        ],
        codeTables,
      },
      [
        { sku: 'A', uom: 'EA', address: { country: 'DE', zip: '80331' }, status: 'A' },
        { sku: 'B', uom: 'PCE', address: { country: 'FR', zip: '750' }, status: 'B' },
      ],
    );
    expect(result.ports.valid?.map((record) => record.key)).toEqual(['A']);
    expect(result.ports.invalid?.[0]?.errors?.map((error) => [error.field, error.rule])).toEqual([
      ['uom', 'uom-code'],
      ['address.country', 'country'],
      ['address.zip', 'postcode'],
      ['status', 'active'],
    ]);
  });

  it('combines schema errors and rule failures', async () => {
    const result = await validate({ schema: { required: ['uom'] }, rules: [{ name: 'named', expression: '$exists(name)', message: 'name is missing' }] }, [{ sku: 'A' }]);
    expect(result.ports.invalid?.[0]?.errors?.map((error) => error.rule)).toEqual(['required', 'named']);
  });

  it('reports a missing field once, not again by its rules', async () => {
    const result = await validate(
      {
        schema: { required: ['uom', 'name'] },
        rules: [
          { name: 'uom-code', field: 'uom', inTable: 'uom', message: 'unknown unit' },
          { name: 'name-clean', field: 'name', expression: '$exists(name)', message: 'name is missing' },
        ],
        codeTables,
      },
      [{ sku: 'A', name: 'Bolt' }],
    );
    expect(result.ports.invalid?.[0]?.errors?.map((error) => [error.field, error.rule])).toEqual([['uom', 'required']]);
  });

  it('fails only the record a rule cannot evaluate', async () => {
    const result = await validate({ rules: [{ name: 'weight-limit', field: 'weight', expression: 'weight * 2 < 100', message: 'too heavy' }] }, [
      { sku: 'A', weight: 10 },
      { sku: 'B', weight: 'heavy' },
      { sku: 'C', weight: 80 },
    ]);
    expect(result.ports.valid?.map((record) => record.key)).toEqual(['A']);
    expect(result.ports.invalid?.map((record) => record.key)).toEqual(['C']);
    expect(result.failures.map((failure) => [failure.record.key, failure.kind])).toEqual([['B', 'input']]);
    expect(result.failures[0]!.message).toMatch(/^rule 'weight-limit': expression 'weight \* 2 < 100' failed at column 8: /);
  });

  it('fails a record whose rule runs away and goes on', async () => {
    const result = await validate(
      { rules: [{ name: 'loop', expression: 'runaway ? ($f := function($n) { 1 + $f($n) }; $f(0)) : true', message: 'never' }] },
      [{ sku: 'A', runaway: true }, { sku: 'B', runaway: false }],
    );
    expect(result.ports.valid?.map((record) => record.key)).toEqual(['B']);
    expect(result.failures[0]!.message).toMatch(/^rule 'loop': expression '.*' went deeper than 3000 nested evaluation steps/);
  });

  it('passes a rule by JSONata truthiness', async () => {
    const result = await validate({ rules: [{ name: 'has-tags', expression: 'tags', message: 'no tags' }] }, [
      { sku: 'A', tags: ['x'] },
      { sku: 'B', tags: [] },
      { sku: 'C', tags: '' },
      { sku: 'D' },
    ]);
    expect(result.ports.valid?.map((record) => record.key)).toEqual(['A']);
    expect(result.ports.invalid?.map((record) => record.key)).toEqual(['B', 'C', 'D']);
  });
});

describe('validate without expressions', () => {
  it('processes a batch without a promise', async () => {
    const context = {
      nodeId: 'check',
      expressions: createExpressionCompiler({ params: {} }),
      resolvePath: (path: string) => resolve(fixtures, path),
      recordInput: () => undefined,
    } as unknown as NodeContext;
    const instance = await validateNode.create({ schemaFile: 'item.schema.json', rules: [{ name: 'uom', field: 'uom', equals: 'EA', message: 'EA only' }] }, context);
    const emitted: [string, FlowRecord][] = [];
    const out: Output = { emit: (port, record) => emitted.push([port, record]), fail: () => undefined, pending: 0, flush: async () => undefined };
    expect(instance.process!(makeRecords([goodItem, { ...goodItem, uom: 'KGM' }]), out)).toBeUndefined();
    expect(emitted.map(([port]) => port)).toEqual(['valid', 'invalid']);
  });
});

describe('validate check', () => {
  it('reports JSONata errors by rule field', () => {
    expect(
      check({
        rules: [
          { name: 'a', expression: 'true', message: 'a' },
          { name: 'b', expression: '$gtinValid(gtin', message: 'b' },
          { name: 'c', expression: '$inTable("units", uom)', message: 'c' },
        ],
      }),
    ).toEqual([
      { field: 'rules.1.expression', message: 'invalid JSONata at column 15: Expected ")" before end of expression' },
      { field: 'rules.2.expression', message: "code table 'units' at column 10 is not defined; the node defines no code tables" },
    ]);
  });

  it('reports rule settings that do not combine', () => {
    expect(
      check({
        rules: [
          { name: 'a', message: 'a' },
          { name: 'b', message: 'b', expression: 'x', equals: 1 },
          { name: 'c', message: 'c', equals: 1 },
          { name: 'd', message: 'd', field: 'x', matches: '([a-z]' },
          { name: 'a', message: 'e', field: 'x..y', equals: 1 },
        ],
      }),
    ).toEqual([
      { field: 'rules.0', message: 'needs an expression, or a field with one of equals, in, matches, inTable' },
      { field: 'rules.1', message: 'sets expression and equals; a rule has either an expression or one of equals, in, matches, inTable' },
      { field: 'rules.2.field', message: 'is required with equals' },
      { field: 'rules.3.matches', message: 'invalid regular expression: Invalid regular expression: /([a-z]/u: Unterminated group' },
      { field: 'rules.4.name', message: "'a' is also the name of rules.0; give each rule its own name" },
      { field: 'rules.4.field', message: "'x..y' is not a field path: segments between dots must not be empty" },
    ]);
  });

  it('reports schema problems', () => {
    writeFileSync(join(scratch, 'broken.schema.json'), '{ "type": "object", ');
    writeFileSync(join(scratch, 'wrong.schema.json'), '{ "type": "objekt" }');
    expect(check({ schema: { type: 'objekt' } })[0]).toEqual({
      field: 'schema',
      message: expect.stringMatching(/^invalid JSON Schema: schema is invalid: data\/type must be equal to one of the allowed values/) as string,
    });
    expect(check({ schemaFile: 'broken.schema.json' }, scratch)[0]?.message).toMatch(/^cannot read JSON Schema from .*broken\.schema\.json: /);
    expect(check({ schemaFile: 'wrong.schema.json' }, scratch)[0]?.message).toMatch(/^invalid JSON Schema in wrong\.schema\.json: schema is invalid/);
    expect(check({ schemaFile: 'missing.json' })).toEqual([{ field: 'schemaFile', message: `cannot read JSON Schema from ${resolve(fixtures, 'missing.json')}: file not found` }]);
    expect(check({ schema: {}, schemaFile: 'item.schema.json' })).toEqual([{ field: 'schemaFile', message: 'set either schema or schemaFile, not both' }]);
    expect(check({})).toEqual([{ field: '', message: 'set a schema, a schemaFile or at least one rule; without them every record passes' }]);
  });

  it('makes create fail with the same problems', async () => {
    await expect(runNode(validateNode, { rules: [{ name: 'x', expression: '(', message: 'x' }] })).rejects.toThrow(
      /^invalid validate config: rules\.0\.expression: invalid JSONata at column 1: /,
    );
  });
});
