import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutSourceLines } from '../../test/support/edi-documents.js';
import { readEdifactText, type EdifactMessageRecord } from './edifact-reader.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'edifact-read', 'fixtures');

/** Reads the one message of a fixture; its document leaves out the loop items' source lines unless `withLines` is set. */
function readFixture(name: string, withLines = false): EdifactMessageRecord {
  const result = readEdifactText(readFileSync(join(FIXTURES, name), 'utf8'));
  expect(result.records).toHaveLength(1);
  expect(result.records[0]!.errors).toEqual([]);
  const record = result.records[0]!;
  return withLines ? record : { ...record, data: { ...record.data, document: withoutSourceLines(record.data.document) } };
}

type Json = Record<string, unknown>;

describe('EDIFACT readable documents', () => {
  it('ORDERS has parties with contacts and lines with quantities and decimal-comma prices', () => {
    const record = readFixture('orders.edi');
    const document = record.data.document as { header: Json; texts: Json[]; parties: Json[]; lines: Json[]; summary: Json };

    expect(record.key).toBe('ORD-7731');
    expect(document.header).toEqual({ documentCode: '220', documentNumber: 'ORD-7731', messageFunction: '9' });
    expect(document.texts).toEqual([{ subject: 'PUR', function: '1', text: 'DELIVER TO DOCK 3: RING BELL' }]);
    expect(document.parties[1]).toEqual({
      role: 'SU',
      id: '4012345000009',
      idAgency: '9',
      name: 'ACME TOOLS GMBH',
      street: 'INDUSTRIESTR. 5',
      city: 'KOELN',
      postalCode: '50667',
      country: 'DE',
      contacts: [{ function: 'PD', name: 'H. MEIER', communication: [{ number: '+49 221 555 0100', channel: 'TE' }] }],
    });
    expect(document.lines[0]).toEqual({
      lineNumber: '1',
      itemNumber: '4006381333931',
      itemNumberType: 'EN',
      productIds: [{ function: '1', id: 'AT-2040', type: 'SA' }],
      descriptions: [{ format: 'F', description: 'SCHUTZBRILLE KLAR' }],
      quantities: [{ qualifier: '21', quantity: 48, unit: 'PCE' }],
      prices: [{ qualifier: 'AAA', price: 4.95, priceType: 'CT' }],
    });
    expect(document.summary).toEqual({ section: 'S', controls: [{ qualifier: '2', value: 2 }] });
  });

  it('DESADV has the CPS packing hierarchy with SSCCs and lines', () => {
    const record = readFixture('desadv.edi');
    const document = record.data.document as { packingHierarchy: { id: string; parentId?: string; packages: { markings?: { identities: Json[] }[] }[]; lines?: Json[] }[] };

    expect(record.key).toBe('DES-5520');
    expect(document.packingHierarchy.map((level) => [level.id, level.parentId])).toEqual([
      ['1', undefined],
      ['2', '1'],
      ['3', '1'],
    ]);
    expect(document.packingHierarchy[1]!.packages[0]!.markings![0]!.identities).toEqual([{ qualifier: 'BJ', number: '340123450000000017' }]);
    expect(document.packingHierarchy[2]!.lines).toEqual([{ lineNumber: '2', itemNumber: '4012345678901', itemNumberType: 'EN', quantities: [{ qualifier: '12', quantity: 6, unit: 'PCE' }] }]);
  });

  it('INVOIC has payment terms, line taxes and summary totals', () => {
    const record = readFixture('invoic.edi');
    const document = record.data.document as { paymentTerms: Json[]; lines: Json[]; summary: Json };

    expect(record.key).toBe('INV-9912');
    expect(document.paymentTerms).toEqual([{ type: '1', timeReference: '5', relation: '3', periodType: 'D', periods: 30 }]);
    expect(document.lines[0]).toMatchObject({ amounts: [{ qualifier: '203', amount: 237.6 }], taxes: [{ function: '7', type: 'VAT', rate: 19, category: 'S' }] });
    expect(document.summary).toEqual({
      section: 'S',
      amounts: [
        { qualifier: '77', amount: 921.77 },
        { qualifier: '79', amount: 774.6 },
      ],
      taxes: [{ function: '7', type: 'VAT', rate: 19, category: 'S', amounts: [{ qualifier: '124', amount: 147.17 }] }],
    });
  });

  it('PRICAT has product groups with priced lines', () => {
    const record = readFixture('pricat.edi');
    const document = record.data.document as { productGroups: { lines: { prices: Json[] }[] }[] };

    expect(record.key).toBe('CAT-2027-01');
    expect(document.productGroups[0]!.lines.map((line) => line.prices)).toEqual([
      [{ qualifier: 'AAA', price: 4.95, priceType: 'CT' }],
      [
        { qualifier: 'AAA', price: 89.5, priceType: 'CT' },
        { qualifier: 'AAE', price: 119, priceType: 'RTP' },
      ],
    ]);
  });

  it('loop items carry the line of their first segment', () => {
    const record = readFixture('pricat.edi', true);
    const document = record.data.document as { productGroups: { sourceLine: number; lines: Json[] }[] };

    expect(document.productGroups.map((group) => group.sourceLine)).toEqual([9]);
    expect(document.productGroups[0]!.lines.map((line) => [line.lineNumber, line.sourceLine])).toEqual([
      ['1', 10],
      ['2', 15],
    ]);
  });

  it('reports a missing document number', () => {
    const result = readEdifactText("UNB+UNOC:3+A+B+261201:0930+1'UNH+1+ORDERS:D:96A:UN'BGM+220++9'UNT+3+1'UNZ+1+1'");

    expect(result.records[0]!.errors.map((error) => [error.rule, error.element, error.componentPosition, error.line])).toEqual([['required-element', 'BGM02', 1, 1]]);
    expect(result.records[0]!.key).toBe('1-1');
  });
});
