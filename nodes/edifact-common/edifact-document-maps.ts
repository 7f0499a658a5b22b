/**
 * Readable structures of the EDIFACT messages distributors exchange most: ORDERS purchase order,
 * DESADV despatch advice, INVOIC invoice and PRICAT price/sales catalogue. Positions follow the
 * D.96A to D.01B directories, which EANCOM uses too. Composite elements are addressed by
 * component, so `DTM+137:20210319:102` reads as qualifier 137, value 20210319, format 102.
 */
import type { DocumentMap, FieldSpec, LoopSpec, MapNode, SegmentSpec } from '../edi-common/segment-map.js';

const field = (name: string, element: number, component?: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  element,
  ...(component === undefined ? {} : { component }),
  ...extra,
});
const number = (name: string, element: number, component?: number): FieldSpec => field(name, element, component, { type: 'number' });

const DTM: SegmentSpec = { segment: 'DTM', name: 'dates', repeat: true, fields: [field('qualifier', 1, 1), field('value', 1, 2), field('format', 1, 3)] };
const MOA: SegmentSpec = { segment: 'MOA', name: 'amounts', repeat: true, fields: [field('qualifier', 1, 1), number('amount', 1, 2), field('currency', 1, 3)] };
const QTY: SegmentSpec = { segment: 'QTY', name: 'quantities', repeat: true, fields: [field('qualifier', 1, 1), number('quantity', 1, 2), field('unit', 1, 3)] };
const PCD: SegmentSpec = { segment: 'PCD', name: 'percentages', repeat: true, fields: [field('qualifier', 1, 1), number('percent', 1, 2), field('basis', 1, 3)] };
const FTX: SegmentSpec = {
  segment: 'FTX',
  name: 'texts',
  repeat: true,
  fields: [field('subject', 1), field('function', 2), field('code', 3, 1), field('text', 4, 1), field('text2', 4, 2), field('language', 5)],
};
const LOC: SegmentSpec = { segment: 'LOC', name: 'locations', repeat: true, fields: [field('qualifier', 1), field('id', 2, 1), field('idAgency', 2, 3), field('name', 2, 4)] };
const ALI: SegmentSpec = { segment: 'ALI', name: 'additionalInformation', repeat: true, fields: [field('countryOfOrigin', 1), field('dutyRegime', 2), field('specialCondition', 3)] };
const IMD: SegmentSpec = {
  segment: 'IMD',
  name: 'descriptions',
  repeat: true,
  fields: [field('format', 1), field('characteristic', 2), field('code', 3, 1), field('description', 3, 4), field('description2', 3, 5)],
};
const MEA: SegmentSpec = { segment: 'MEA', name: 'measurements', repeat: true, fields: [field('purpose', 1), field('dimension', 2, 1), field('unit', 3, 1), number('value', 3, 2)] };
const PIA: SegmentSpec = { segment: 'PIA', name: 'productIds', repeat: true, fields: [field('function', 1), field('id', 2, 1), field('type', 2, 2), field('agency', 2, 4)] };
const PRI: SegmentSpec = {
  segment: 'PRI',
  name: 'prices',
  repeat: true,
  fields: [field('qualifier', 1, 1), number('price', 1, 2), field('priceType', 1, 3), field('specification', 1, 4), number('unitBasis', 1, 5), field('unit', 1, 6)],
};
const GIN: SegmentSpec = { segment: 'GIN', name: 'identities', repeat: true, fields: [field('qualifier', 1), field('number', 2, 1), field('number2', 2, 2)] };
const CNT: SegmentSpec = { segment: 'CNT', name: 'controls', repeat: true, fields: [field('qualifier', 1, 1), number('value', 1, 2), field('unit', 1, 3)] };
const CUX: SegmentSpec = {
  segment: 'CUX',
  name: 'currencies',
  repeat: true,
  fields: [field('usage', 1, 1), field('currency', 1, 2), field('qualifier', 1, 3), field('targetCurrency', 2, 2), number('rate', 3)],
};
const TOD: SegmentSpec = { segment: 'TOD', name: 'deliveryTerms', fields: [field('function', 1), field('payment', 2), field('code', 3, 1), field('description', 3, 4)] };

const RFF_LOOP: LoopSpec = { loop: 'RFF', name: 'references', fields: [field('qualifier', 1, 1), field('value', 1, 2), field('line', 1, 3)], children: [DTM] };

const TAX_LOOP: LoopSpec = {
  loop: 'TAX',
  name: 'taxes',
  fields: [field('function', 1), field('type', 2, 1), number('rate', 5, 4), field('category', 6)],
  children: [MOA, LOC],
};

const ALC_LOOP: LoopSpec = {
  loop: 'ALC',
  name: 'allowancesCharges',
  fields: [field('indicator', 1), field('reference', 2, 1), field('settlement', 3), field('sequence', 4), field('code', 5, 1), field('description', 5, 4)],
  children: [ALI, DTM, QTY, PCD, MOA, { segment: 'RTE', name: 'rates', repeat: true, fields: [field('qualifier', 1, 1), number('rate', 1, 2)] }, TAX_LOOP],
};

const NAD_LOOP: LoopSpec = {
  loop: 'NAD',
  name: 'parties',
  fields: [
    field('role', 1),
    field('id', 2, 1),
    field('idQualifier', 2, 2),
    field('idAgency', 2, 3),
    field('nameAndAddress', 3),
    field('name', 4, 1),
    field('name2', 4, 2),
    field('street', 5, 1),
    field('street2', 5, 2),
    field('city', 6),
    field('region', 7),
    field('postalCode', 8),
    field('country', 9),
  ],
  children: [
    LOC,
    { segment: 'FII', name: 'financialInstitutions', repeat: true, fields: [field('qualifier', 1), field('account', 2, 1), field('accountHolder', 2, 2), field('institution', 3, 1)] },
    RFF_LOOP,
    {
      loop: 'CTA',
      name: 'contacts',
      fields: [field('function', 1), field('department', 2, 1), field('name', 2, 2)],
      children: [{ segment: 'COM', name: 'communication', repeat: true, fields: [field('number', 1, 1), field('channel', 1, 2)] }],
    },
  ],
};

const PAT_LOOP: LoopSpec = {
  loop: 'PAT',
  name: 'paymentTerms',
  fields: [field('type', 1), field('terms', 2, 1), field('timeReference', 3, 1), field('relation', 3, 2), field('periodType', 3, 3), number('periods', 3, 4)],
  children: [DTM, PCD, MOA],
};

const TDT_LOOP: LoopSpec = {
  loop: 'TDT',
  name: 'transport',
  fields: [field('stage', 1), field('reference', 2), field('mode', 3, 1), field('means', 4, 1), field('carrier', 5, 1)],
  children: [LOC, DTM],
};

const LIN_LOOP: LoopSpec = {
  loop: 'LIN',
  name: 'lines',
  fields: [field('lineNumber', 1), field('action', 2), field('itemNumber', 3, 1), field('itemNumberType', 3, 2)],
  children: [
    PIA,
    IMD,
    MEA,
    QTY,
    ALI,
    DTM,
    MOA,
    GIN,
    { segment: 'QVR', name: 'quantityVariances', repeat: true, fields: [number('quantity', 1, 1), field('qualifier', 1, 2), field('reason', 2)] },
    FTX,
    PRI,
    { segment: 'APR', name: 'priceDetails', repeat: true, fields: [field('tradeClass', 1), number('multiplier', 2, 1), field('multiplierQualifier', 2, 2)] },
    { segment: 'SCC', name: 'scheduleConditions', repeat: true, fields: [field('qualifier', 1)] },
    RFF_LOOP,
    { loop: 'PAC', name: 'packages', fields: [number('count', 1), field('packagingLevel', 2, 1), field('type', 3, 1)], children: [MEA, QTY] },
    LOC,
    TAX_LOOP,
    NAD_LOOP,
    ALC_LOOP,
    TDT_LOOP,
  ],
};

const SUMMARY: LoopSpec = { loop: 'UNS', name: 'summary', single: true, fields: [field('section', 1)], children: [MOA, CNT, TAX_LOOP, ALC_LOOP] };

const BGM: SegmentSpec = {
  segment: 'BGM',
  name: 'header',
  fields: [field('documentCode', 1, 1), field('documentName', 1, 4), field('documentNumber', 2, 1, { required: true }), field('messageFunction', 3), field('responseType', 4)],
};

const COMMERCIAL_HEADER: MapNode[] = [
  BGM,
  DTM,
  { segment: 'PAI', name: 'paymentInstructions', fields: [field('conditions', 1, 1), field('guarantee', 1, 2), field('means', 1, 3)] },
  ALI,
  IMD,
  FTX,
  RFF_LOOP,
  NAD_LOOP,
  TAX_LOOP,
  CUX,
  PAT_LOOP,
  TDT_LOOP,
  TOD,
  ALC_LOOP,
];

const ORDERS: DocumentMap = { title: 'purchase order', children: [...COMMERCIAL_HEADER, LIN_LOOP, SUMMARY] };

const INVOIC: DocumentMap = { title: 'invoice', children: [...COMMERCIAL_HEADER, LIN_LOOP, SUMMARY] };

const DESADV: DocumentMap = {
  title: 'despatch advice',
  children: [
    BGM,
    DTM,
    ALI,
    MEA,
    RFF_LOOP,
    NAD_LOOP,
    TOD,
    TDT_LOOP,
    { loop: 'EQD', name: 'equipment', fields: [field('type', 1), field('id', 2, 1)], children: [MEA] },
    {
      loop: 'CPS',
      name: 'packingHierarchy',
      fields: [field('id', 1), field('parentId', 2), field('packingLevel', 3)],
      children: [
        {
          loop: 'PAC',
          name: 'packages',
          fields: [number('count', 1), field('packagingLevel', 2, 1), field('type', 3, 1)],
          children: [MEA, QTY, { loop: 'PCI', name: 'markings', fields: [field('instruction', 1), field('marks', 2, 1)], children: [RFF_LOOP, DTM, GIN] }],
        },
        LIN_LOOP,
      ],
    },
    CNT,
  ],
};

const PRICAT: DocumentMap = {
  title: 'price/sales catalogue',
  children: [
    BGM,
    DTM,
    ALI,
    FTX,
    RFF_LOOP,
    NAD_LOOP,
    CUX,
    { loop: 'PGI', name: 'productGroups', fields: [field('type', 1), field('group', 2, 1), field('groupName', 2, 4)], children: [DTM, PRI, LIN_LOOP] },
    LIN_LOOP,
    SUMMARY,
    CNT,
  ],
};

/** Readable structures by message type (UNH02 component 1). */
export const EDIFACT_MESSAGE_MAPS: Readonly<Record<string, DocumentMap>> = { ORDERS, DESADV, INVOIC, PRICAT };
