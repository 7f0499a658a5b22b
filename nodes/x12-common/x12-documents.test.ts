import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withoutSourceLines } from '../../test/support/edi-documents.js';
import { buildX12Document, x12DocumentToSegments } from './x12-documents.js';
import { readX12Text, type X12SetRecord } from './x12-reader.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'x12-read', 'fixtures');

/** Reads the one set of a fixture; its document leaves out the loop items' source lines unless `withLines` is set. */
function readFixture(name: string, withLines = false): X12SetRecord {
  const result = readX12Text(readFileSync(join(FIXTURES, name), 'utf8'), { fileName: name });
  expect(result.records).toHaveLength(1);
  expect(result.records[0]!.errors).toEqual([]);
  const record = result.records[0]!;
  return withLines ? record : { ...record, data: { ...record.data, document: withoutSourceLines(record.data.document) } };
}

type Json = Record<string, unknown>;

describe('X12 readable documents', () => {
  it('850 has header, parties with addresses and lines with ids, descriptions and packs', () => {
    const record = readFixture('po-850.x12');
    const document = record.data.document as Json;

    expect(record.key).toBe('PO-48213');
    expect(document.header).toEqual({ purpose: '00', type: 'SA', poNumber: 'PO-48213', date: '20261201' });
    expect(document.parties).toEqual([
      { role: 'ST', name: 'NORTHWIND DC EAST', idQualifier: '92', id: 'DC01', address: ['400 HARBOR WAY', 'DOCK 7'], city: 'NEWARK', state: 'NJ', postalCode: '07114', country: 'US' },
      { role: 'BT', name: 'NORTHWIND SUPPLY CO', idQualifier: '92', id: 'HQ', address: ['12 MAIN ST'], city: 'ALBANY', state: 'NY', postalCode: '12207' },
    ]);
    expect(document.lines).toEqual([
      {
        lineNumber: '1',
        quantity: 24,
        unit: 'EA',
        unitPrice: 12.5,
        priceBasis: 'PE',
        productIds: { UP: '012345678905', VN: 'AT-1001', BP: 'NW-55012' },
        descriptions: [{ type: 'F', text: 'CORDLESS DRILL 18V' }],
        packs: [{ pack: 6, size: 1, unit: 'EA' }],
      },
      {
        lineNumber: '2',
        quantity: 10,
        unit: 'CA',
        unitPrice: 48.75,
        priceBasis: 'PE',
        productIds: { EN: '4006381333931', VN: 'AT-2040' },
        descriptions: [{ type: 'F', text: 'SAFETY GLASSES, CLEAR' }],
        packs: [{ pack: 12, size: 1, unit: 'EA' }],
      },
    ]);
    expect(document.summary).toEqual({ lineCount: 2, hashTotal: 34 });
  });

  it('855 has line statuses from ACK', () => {
    const record = readFixture('po-ack-855.x12');
    const document = record.data.document as { header: Json; lines: { statuses: Json[] }[] };

    expect(record.key).toBe('PO-48213');
    expect(document.header).toEqual({ purpose: '00', acknowledgmentType: 'AC', poNumber: 'PO-48213', poDate: '20261201', referenceNumber: 'SO-7781', acknowledgmentDate: '20261202' });
    expect(document.lines[1]!.statuses).toEqual([
      { status: 'IB', quantity: 6, unit: 'CA', dateQualifier: '068', date: '20261210' },
      { status: 'IR', quantity: 4, unit: 'CA' },
    ]);
  });

  it('856 nests the HL hierarchy shipment, order, pack, item', () => {
    const record = readFixture('ship-notice-856.x12');
    const document = record.data.document as { hierarchy: Json[] };
    const shipment = document.hierarchy[0] as { level: string; orders: { packs: { marks: Json[]; items: Json[] }[] }[] };

    expect(record.key).toBe('SH-90017');
    expect(document.hierarchy).toHaveLength(1);
    expect(shipment.level).toBe('S');
    expect(shipment.orders[0]!.packs.map((pack) => pack.marks[0]!.number)).toEqual(['00012345670000000017', '00012345670000000024']);
    expect(shipment.orders[0]!.packs[1]!.items[0]).toEqual({
      id: '6',
      parentId: '5',
      level: 'I',
      item: { lineNumber: '2', productIds: { EN: '4006381333931', VN: 'AT-2040' } },
      shipped: { lineNumber: '2', quantity: 6, unit: 'CA' },
      packDetails: [{ pack: 12, size: 1, unit: 'EA' }],
    });
  });

  it('810 reads TDS and SAC amounts with two implied decimals', () => {
    const record = readFixture('invoice-810.x12');
    const document = record.data.document as Json;

    expect(record.key).toBe('INV-5521');
    expect(document.totals).toEqual({ amount: 602.5 });
    expect(document.charges).toEqual([{ indicator: 'C', code: 'D240', amount: 17.5 }]);
    expect(document.terms).toEqual([{ type: '01', dateBasis: '3', discountPercent: 2, discountDays: 10, netDays: 30, description: '2% 10 NET 30' }]);
  });

  it('846 has items with quantities by qualifier', () => {
    const record = readFixture('inventory-846.x12');
    const document = record.data.document as { items: { quantities: Json[] }[] };

    expect(record.key).toBe('INV-20261201');
    expect(document.items[0]!.quantities).toEqual([
      { qualifier: '33', quantity: 480, unit: 'EA' },
      { qualifier: '02', quantity: 24, unit: 'EA' },
    ]);
  });

  it('832 has catalog items with packs and prices', () => {
    const record = readFixture('catalog-832.x12');
    const document = record.data.document as { header: Json; items: Json[] };

    expect(record.key).toBe('CAT-2027-01');
    expect(document.header).toEqual({ catalogPurpose: 'PC', catalogNumber: 'CAT-2027-01', catalogVersion: '1', description: 'ACME SPRING CATALOG' });
    expect(document.items[0]).toEqual({
      lineNumber: '1',
      productIds: { VN: 'AT-1001', UP: '012345678905' },
      descriptions: [{ type: 'F', text: 'CORDLESS DRILL 18V' }],
      packs: [{ pack: 6, size: 1, unit: 'EA' }],
      prices: [
        { priceType: 'CAT', unitPrice: 12.5, quantity: 1, unit: 'EA' },
        { priceType: 'RES', unitPrice: 19.99, quantity: 1, unit: 'EA' },
      ],
    });
  });

  it('loop items carry the line of their first segment', () => {
    const record = readFixture('catalog-832.x12', true);
    const document = record.data.document as { parties: Json[]; items: Json[] };

    expect(document.parties.map((party) => party.sourceLine)).toEqual([6]);
    expect(document.items.map((item) => [item.lineNumber, item.sourceLine])).toEqual([
      ['1', 7],
      ['2', 12],
    ]);
  });

  it('997 has sets with segment and element errors', () => {
    const record = readFixture('ack-997.x12');

    expect(record.key).toBe('101');
    expect(record.data.document).toEqual({
      group: { functionalId: 'PO', controlNumber: '101' },
      sets: [
        { setId: '850', controlNumber: '0001', result: { status: 'A' } },
        {
          setId: '850',
          controlNumber: '0002',
          segmentErrors: [{ segmentId: 'PO1', position: 3, code: '8', elementErrors: [{ position: '2', elementReference: '330', code: '1' }] }],
          result: { status: 'R', codes: ['5'] },
        },
      ],
      groupResult: { status: 'P', setsIncluded: 2, setsReceived: 2, setsAccepted: 1 },
    });
  });

  it('reports a missing required element for AK3/AK4', () => {
    const result = buildX12Document('850', [
      { id: 'ST', elements: ['850', '0001'] },
      { id: 'BEG', elements: ['00', 'SA', '', '', '20261201'] },
    ]);

    expect(result!.issues).toEqual([
      {
        severity: 'error',
        level: 'set',
        rule: 'required-element',
        message: 'BEG03 (poNumber) is missing; it is required',
        segmentId: 'BEG',
        segmentPosition: 2,
        element: 'BEG03',
        elementPosition: 3,
        code: '1',
      },
    ]);
  });

  it('returns no document for set types without a structure', () => {
    expect(buildX12Document('940', [{ id: 'W05', elements: ['N'] }])).toBeUndefined();
  });

  it.each(['po-850.x12', 'po-ack-855.x12', 'invoice-810.x12', 'ack-997.x12'])('%s document writes back the same segments', (name) => {
    const record = readFixture(name);
    const body = record.data.segments.slice(1, -1);

    expect(x12DocumentToSegments(record.data.transactionSet, record.data.document!)).toEqual(body);
  });

  it.each(['po-850.x12', 'po-ack-855.x12', 'ship-notice-856.x12', 'invoice-810.x12', 'ack-997.x12', 'inventory-846.x12', 'catalog-832.x12'])(
    '%s document survives write and read',
    (name) => {
      const record = readFixture(name);
      const written = x12DocumentToSegments(record.data.transactionSet, record.data.document!);

      expect(buildX12Document(record.data.transactionSet, written)!.document).toEqual(record.data.document);
    },
  );
});
