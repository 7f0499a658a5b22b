/**
 * Readable structures of the X12 transaction sets distributors exchange most: 850 purchase order,
 * 855 PO acknowledgement, 856 ship notice, 810 invoice, 846 inventory advice, 832 price catalog and
 * 997 functional acknowledgement. Element positions follow the 004010 standard; later versions
 * keep them for these segments. The node README shows the resulting shapes.
 */
import type { DocumentMap, FieldSpec, LoopSpec, MapNode, SegmentSpec } from '../edi-common/segment-map.js';

const field = (name: string, element: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name, element, ...extra });
const number = (name: string, element: number): FieldSpec => ({ name, element, type: 'number' });
const required = (name: string, element: number): FieldSpec => ({ name, element, required: true });

const REF: SegmentSpec = { segment: 'REF', name: 'references', repeat: true, fields: [field('qualifier', 1), field('value', 2), field('description', 3)] };
const DTM: SegmentSpec = { segment: 'DTM', name: 'dates', repeat: true, fields: [field('qualifier', 1), field('date', 2), field('time', 3), field('timeZone', 4)] };
const CUR: SegmentSpec = { segment: 'CUR', name: 'currency', fields: [field('entity', 1), field('code', 2), number('rate', 3)] };
const PER: SegmentSpec = { segment: 'PER', name: 'contacts', repeat: true, fields: [field('function', 1), field('name', 2)], pairs: { from: 3, name: 'communication' } };
const MSG: SegmentSpec = { segment: 'MSG', name: 'messages', collect: [1] };
const NTE: SegmentSpec = { segment: 'NTE', name: 'notes', repeat: true, fields: [field('reference', 1), field('text', 2)] };
const FOB: SegmentSpec = { segment: 'FOB', name: 'fob', fields: [field('paymentMethod', 1), field('locationQualifier', 2), field('location', 3)] };
const PID: SegmentSpec = {
  segment: 'PID',
  name: 'descriptions',
  repeat: true,
  fields: [field('type', 1), field('characteristic', 2), field('agency', 3), field('code', 4), field('text', 5)],
};
const MEA: SegmentSpec = { segment: 'MEA', name: 'measurements', repeat: true, fields: [field('reference', 1), field('qualifier', 2), number('value', 3), field('unit', 4)] };
const PO4: SegmentSpec = {
  segment: 'PO4',
  name: 'packs',
  repeat: true,
  fields: [
    number('pack', 1),
    number('size', 2),
    field('unit', 3),
    field('packagingCode', 4),
    field('weightQualifier', 5),
    number('grossWeight', 6),
    field('weightUnit', 7),
    number('grossVolume', 8),
    field('volumeUnit', 9),
    number('length', 10),
    number('width', 11),
    number('height', 12),
    field('dimensionUnit', 13),
    number('innerPack', 14),
  ],
};
const ITD: SegmentSpec = {
  segment: 'ITD',
  name: 'terms',
  repeat: true,
  fields: [
    field('type', 1),
    field('dateBasis', 2),
    number('discountPercent', 3),
    field('discountDueDate', 4),
    number('discountDays', 5),
    field('netDueDate', 6),
    number('netDays', 7),
    number('discountAmount', 8),
    field('description', 12),
  ],
};
const TD5: SegmentSpec = {
  segment: 'TD5',
  name: 'carriers',
  repeat: true,
  fields: [field('routingSequence', 1), field('idQualifier', 2), field('carrierCode', 3), field('transportMethod', 4), field('routing', 5)],
};
const SCH: SegmentSpec = {
  segment: 'SCH',
  name: 'schedules',
  repeat: true,
  fields: [number('quantity', 1), field('unit', 2), field('entity', 3), field('name', 4), field('dateQualifier', 5), field('date', 6), field('time', 7)],
};
const CTP: SegmentSpec = {
  segment: 'CTP',
  name: 'prices',
  repeat: true,
  fields: [field('classOfTrade', 1), field('priceType', 2), number('unitPrice', 3), number('quantity', 4), field('unit', 5), number('multiplier', 6), number('amount', 7)],
};
const CTT: SegmentSpec = { segment: 'CTT', name: 'summary', fields: [number('lineCount', 1), number('hashTotal', 2), number('weight', 3), field('weightUnit', 4)] };
const AMT: SegmentSpec = { segment: 'AMT', name: 'amounts', repeat: true, fields: [field('qualifier', 1), number('amount', 2)] };
const SAC: SegmentSpec = {
  segment: 'SAC',
  name: 'charges',
  repeat: true,
  fields: [
    field('indicator', 1),
    field('code', 2),
    field('agency', 3),
    field('agencyCode', 4),
    field('amount', 5, { type: 'implied-decimal-2' }),
    field('percentQualifier', 6),
    number('percent', 7),
    number('rate', 8),
    field('unit', 9),
    number('quantity', 10),
    field('handlingCode', 12),
    field('description', 15),
  ],
};
const TXI: SegmentSpec = { segment: 'TXI', name: 'taxes', repeat: true, fields: [field('type', 1), number('amount', 2), number('percent', 3)] };

const PARTY_LOOP = (name: string): LoopSpec => ({
  loop: 'N1',
  name,
  fields: [field('role', 1), field('name', 2), field('idQualifier', 3), field('id', 4)],
  children: [
    { segment: 'N2', name: 'additionalNames', collect: [1, 2] },
    { segment: 'N3', name: 'address', collect: [1, 2] },
    { segment: 'N4', name: 'location', merge: true, fields: [field('city', 1), field('state', 2), field('postalCode', 3), field('country', 4)] },
    REF,
    PER,
  ],
});

const SLN_LOOP: LoopSpec = {
  loop: 'SLN',
  name: 'sublines',
  fields: [field('id', 1), field('parentId', 2), field('relationship', 3), number('quantity', 4), field('unit', 5), number('unitPrice', 6), field('priceBasis', 7), field('relationshipCode', 8)],
  pairs: { from: 9, name: 'productIds' },
  children: [PID, MSG],
};

/** Line fields shared by PO1 (850, 855) and IT1 (810): the product ids are qualifier/value pairs from element 06 on. */
const LINE_FIELDS: FieldSpec[] = [field('lineNumber', 1), number('quantity', 2), field('unit', 3), number('unitPrice', 4), field('priceBasis', 5)];

const PURCHASE_ORDER: DocumentMap = {
  title: 'purchase order',
  children: [
    {
      segment: 'BEG',
      name: 'header',
      fields: [required('purpose', 1), required('type', 2), required('poNumber', 3), field('releaseNumber', 4), required('date', 5), field('contractNumber', 6)],
    },
    CUR,
    REF,
    PER,
    FOB,
    { segment: 'CSH', name: 'salesRequirement', fields: [field('code', 1)] },
    ITD,
    DTM,
    { segment: 'PKG', name: 'packaging', repeat: true, fields: [field('type', 1), field('characteristic', 2), field('agency', 3), field('code', 4), field('description', 5)] },
    TD5,
    { loop: 'N9', name: 'notes', fields: [field('qualifier', 1), field('value', 2), field('description', 3)], children: [MSG] },
    PARTY_LOOP('parties'),
    {
      loop: 'PO1',
      name: 'lines',
      fields: LINE_FIELDS,
      pairs: { from: 6, name: 'productIds' },
      children: [CUR, PID, MEA, PO4, REF, DTM, SCH, MSG, { segment: 'TC2', name: 'commodities', repeat: true, fields: [field('qualifier', 1), field('code', 2)] }, SLN_LOOP, PARTY_LOOP('parties')],
    },
    CTT,
    AMT,
  ],
};

const PO_ACKNOWLEDGMENT: DocumentMap = {
  title: 'purchase order acknowledgment',
  children: [
    {
      segment: 'BAK',
      name: 'header',
      fields: [
        required('purpose', 1),
        required('acknowledgmentType', 2),
        required('poNumber', 3),
        required('poDate', 4),
        field('releaseNumber', 5),
        field('requestReference', 6),
        field('contractNumber', 7),
        field('referenceNumber', 8),
        field('acknowledgmentDate', 9),
      ],
    },
    CUR,
    REF,
    PER,
    { segment: 'CSH', name: 'salesRequirement', fields: [field('code', 1), field('action', 2), number('amount', 3), field('accountNumber', 4)] },
    ITD,
    DTM,
    TD5,
    PARTY_LOOP('parties'),
    {
      loop: 'PO1',
      name: 'lines',
      fields: LINE_FIELDS,
      pairs: { from: 6, name: 'productIds' },
      children: [
        CUR,
        PID,
        PO4,
        REF,
        DTM,
        {
          segment: 'ACK',
          name: 'statuses',
          repeat: true,
          fields: [field('status', 1), number('quantity', 2), field('unit', 3), field('dateQualifier', 4), field('date', 5), field('agency', 27), field('sourceQualifier', 28), field('industryCode', 29)],
          pairs: { from: 7, to: 26, name: 'productIds' },
        },
        SCH,
        SLN_LOOP,
        PARTY_LOOP('parties'),
      ],
    },
    CTT,
  ],
};

const HIERARCHY_CHILDREN: MapNode[] = [
  {
    segment: 'TD1',
    name: 'packaging',
    repeat: true,
    fields: [
      field('packagingCode', 1),
      number('ladingQuantity', 2),
      field('commodityQualifier', 3),
      field('commodityCode', 4),
      field('description', 5),
      field('weightQualifier', 6),
      number('weight', 7),
      field('weightUnit', 8),
      number('volume', 9),
      field('volumeUnit', 10),
    ],
  },
  TD5,
  { segment: 'TD3', name: 'equipment', repeat: true, fields: [field('type', 1), field('initial', 2), field('number', 3)] },
  { segment: 'TD4', name: 'specialHandling', repeat: true, fields: [field('code', 1), field('hazardQualifier', 2), field('hazardCode', 3), field('description', 4)] },
  REF,
  PER,
  DTM,
  FOB,
  MEA,
  PARTY_LOOP('parties'),
  { segment: 'PRF', name: 'purchaseOrder', fields: [field('poNumber', 1), field('releaseNumber', 2), field('changeSequence', 3), field('poDate', 4)] },
  // Named apart from `packs`, which holds the P-level children of an HL node.
  { ...PO4, name: 'packDetails' },
  { segment: 'PKG', name: 'packagingDescriptions', repeat: true, fields: [field('type', 1), field('characteristic', 2), field('agency', 3), field('code', 4), field('description', 5)] },
  { segment: 'MAN', name: 'marks', repeat: true, fields: [field('qualifier', 1), field('number', 2), field('number2', 3)] },
  { segment: 'LIN', name: 'item', fields: [field('lineNumber', 1)], pairs: { from: 2, name: 'productIds' } },
  {
    segment: 'SN1',
    name: 'shipped',
    fields: [field('lineNumber', 1), number('quantity', 2), field('unit', 3), number('cumulativeQuantity', 4), number('orderedQuantity', 5), field('orderedUnit', 6), field('status', 8)],
  },
  SLN_LOOP,
  PID,
];

const SHIP_NOTICE: DocumentMap = {
  title: 'ship notice',
  children: [
    {
      segment: 'BSN',
      name: 'header',
      fields: [required('purpose', 1), required('shipmentId', 2), required('date', 3), required('time', 4), field('hierarchyStructure', 5)],
    },
    DTM,
    { loop: 'HL', name: 'hierarchy', fields: [field('id', 1), field('parentId', 2), field('level', 3), field('childCode', 4)], children: HIERARCHY_CHILDREN },
    CTT,
  ],
};

const INVOICE: DocumentMap = {
  title: 'invoice',
  children: [
    {
      segment: 'BIG',
      name: 'header',
      fields: [
        required('invoiceDate', 1),
        required('invoiceNumber', 2),
        field('poDate', 3),
        field('poNumber', 4),
        field('releaseNumber', 5),
        field('changeSequence', 6),
        field('transactionType', 7),
        field('purpose', 8),
      ],
    },
    NTE,
    CUR,
    REF,
    PER,
    PARTY_LOOP('parties'),
    ITD,
    DTM,
    FOB,
    {
      loop: 'IT1',
      name: 'lines',
      fields: LINE_FIELDS,
      pairs: { from: 6, name: 'productIds' },
      children: [CUR, PID, PO4, REF, DTM, TXI, SAC, SLN_LOOP, PARTY_LOOP('parties')],
    },
    {
      segment: 'TDS',
      name: 'totals',
      fields: [
        field('amount', 1, { type: 'implied-decimal-2' }),
        field('amountSubjectToDiscount', 2, { type: 'implied-decimal-2' }),
        field('discountedAmount', 3, { type: 'implied-decimal-2' }),
        field('discountAmount', 4, { type: 'implied-decimal-2' }),
      ],
    },
    TXI,
    {
      segment: 'CAD',
      name: 'carrier',
      fields: [field('transportMethod', 1), field('equipmentInitial', 2), field('equipmentNumber', 3), field('carrierCode', 4), field('routing', 5)],
    },
    AMT,
    SAC,
    { segment: 'ISS', name: 'shipped', repeat: true, fields: [number('quantity', 1), field('unit', 2), number('weight', 3), field('weightUnit', 4)] },
    CTT,
  ],
};

const INVENTORY_ADVICE: DocumentMap = {
  title: 'inventory inquiry/advice',
  children: [
    { segment: 'BIA', name: 'header', fields: [required('purpose', 1), required('reportType', 2), required('referenceId', 3), required('date', 4), field('time', 5)] },
    CUR,
    REF,
    PER,
    DTM,
    PARTY_LOOP('parties'),
    {
      loop: 'LIN',
      name: 'items',
      fields: [field('lineNumber', 1)],
      pairs: { from: 2, name: 'productIds' },
      children: [
        PID,
        DTM,
        REF,
        PO4,
        CTP,
        MEA,
        { segment: 'QTY', name: 'quantities', repeat: true, fields: [field('qualifier', 1), number('quantity', 2), field('unit', 3)] },
        { segment: 'SCH', name: 'schedules', repeat: true, fields: SCH.fields },
        PARTY_LOOP('parties'),
      ],
    },
    CTT,
  ],
};

const PRICE_CATALOG: DocumentMap = {
  title: 'price/sales catalog',
  children: [
    {
      segment: 'BCT',
      name: 'header',
      fields: [required('catalogPurpose', 1), field('catalogNumber', 2), field('catalogVersion', 3), field('catalogRevision', 4), field('description', 9), field('purpose', 10)],
    },
    CUR,
    REF,
    PER,
    DTM,
    PARTY_LOOP('parties'),
    {
      loop: 'LIN',
      name: 'items',
      fields: [field('lineNumber', 1)],
      pairs: { from: 2, name: 'productIds' },
      children: [DTM, REF, PID, PO4, CTP, MEA, CUR, { segment: 'G43', name: 'promotions', repeat: true, fields: [field('code', 1), field('date', 2)] }, PARTY_LOOP('parties')],
    },
    CTT,
  ],
};

const FUNCTIONAL_ACKNOWLEDGMENT: DocumentMap = {
  title: 'functional acknowledgment',
  children: [
    { segment: 'AK1', name: 'group', fields: [required('functionalId', 1), required('controlNumber', 2), field('version', 3)] },
    {
      loop: 'AK2',
      name: 'sets',
      fields: [field('setId', 1), field('controlNumber', 2), field('implementationReference', 3)],
      children: [
        {
          loop: 'AK3',
          name: 'segmentErrors',
          fields: [field('segmentId', 1), number('position', 2), field('loopId', 3), field('code', 4)],
          children: [{ segment: 'AK4', name: 'elementErrors', repeat: true, fields: [field('position', 1), field('elementReference', 2), field('code', 3), field('badValue', 4)] }],
        },
        { segment: 'AK5', name: 'result', fields: [field('status', 1)], lists: [{ name: 'codes', elements: [2, 3, 4, 5, 6] }] },
      ],
    },
    {
      segment: 'AK9',
      name: 'groupResult',
      fields: [field('status', 1), number('setsIncluded', 2), number('setsReceived', 3), number('setsAccepted', 4)],
      lists: [{ name: 'codes', elements: [5, 6, 7, 8, 9] }],
    },
  ],
};

/** What the reader knows about a transaction set type. */
export interface X12SetType {
  map: DocumentMap;
  /** Element holding the business key by default, for example `BEG03`. */
  keyElement: string;
}

/** Readable structures by ST01. */
export const X12_SET_TYPES: Readonly<Record<string, X12SetType>> = {
  '850': { map: PURCHASE_ORDER, keyElement: 'BEG03' },
  '855': { map: PO_ACKNOWLEDGMENT, keyElement: 'BAK03' },
  '856': { map: SHIP_NOTICE, keyElement: 'BSN02' },
  '810': { map: INVOICE, keyElement: 'BIG02' },
  '846': { map: INVENTORY_ADVICE, keyElement: 'BIA03' },
  '832': { map: PRICE_CATALOG, keyElement: 'BCT02' },
  '997': { map: FUNCTIONAL_ACKNOWLEDGMENT, keyElement: 'AK102' },
};

/** Set types `x12.write` builds from a readable document. */
export const WRITABLE_SET_TYPES = ['850', '855', '856', '810', '997'] as const;

/** GS01 functional identifier for each set type the writer knows. */
export const FUNCTIONAL_IDS: Readonly<Record<string, string>> = {
  '810': 'IN',
  '820': 'RA',
  '832': 'SC',
  '846': 'IB',
  '850': 'PO',
  '855': 'PR',
  '856': 'SH',
  '860': 'PC',
  '940': 'OW',
  '943': 'AR',
  '944': 'RE',
  '945': 'SW',
  '997': 'FA',
  '214': 'QM',
  '210': 'IM',
};
