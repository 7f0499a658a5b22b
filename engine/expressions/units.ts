/**
 * Unit-of-measure conversion between UN/ECE Recommendation 20 unit codes ("Codes for Units of
 * Measure Used in International Trade"), the codes EDIFACT, UBL and most ERPs carry.
 *
 * Each unit has a dimension and a factor to that dimension's base unit: KGM for mass, MTR for
 * length, MTK for area, MTQ for volume, C62 ("one") for counts. Factors for imperial and US units
 * are the exact legal definitions: the international yard and pound of 1959, the US gallon of
 * 231 cubic inches, the imperial gallon of 4.54609 litres. Recommendation 20 prints several of
 * them rounded to seven significant digits.
 */
import { InputError } from '../errors.js';

export const UNIT_DIMENSIONS = ['mass', 'length', 'area', 'volume', 'count'] as const;
export type UnitDimension = (typeof UNIT_DIMENSIONS)[number];

export interface UnitDefinition {
  dimension: UnitDimension;
  /** How many base units (KGM, MTR, MTK, MTQ or C62) one of this unit is. */
  factor: number;
  name: string;
}

const POUND = 0.45359237;
const INCH = 0.0254;
const US_GALLON = 231 * INCH ** 3;
const IMPERIAL_GALLON = 0.00454609;

/** Units that {@link convertUnit} converts, by Recommendation 20 code. */
export const UNITS: Readonly<Record<string, UnitDefinition>> = {
  // mass, base KGM
  KGM: { dimension: 'mass', factor: 1, name: 'kilogram' },
  GRM: { dimension: 'mass', factor: 0.001, name: 'gram' },
  MGM: { dimension: 'mass', factor: 1e-6, name: 'milligram' },
  HGM: { dimension: 'mass', factor: 0.1, name: 'hectogram' },
  DTN: { dimension: 'mass', factor: 100, name: 'decitonne' },
  TNE: { dimension: 'mass', factor: 1000, name: 'tonne' },
  LBR: { dimension: 'mass', factor: POUND, name: 'pound' },
  ONZ: { dimension: 'mass', factor: POUND / 16, name: 'ounce (avoirdupois)' },
  CWA: { dimension: 'mass', factor: 100 * POUND, name: 'hundredweight (US)' },
  CWI: { dimension: 'mass', factor: 112 * POUND, name: 'hundredweight (UK)' },
  STN: { dimension: 'mass', factor: 2000 * POUND, name: 'short ton (US)' },
  LTN: { dimension: 'mass', factor: 2240 * POUND, name: 'long ton (UK)' },
  // length, base MTR
  MTR: { dimension: 'length', factor: 1, name: 'metre' },
  KMT: { dimension: 'length', factor: 1000, name: 'kilometre' },
  DMT: { dimension: 'length', factor: 0.1, name: 'decimetre' },
  CMT: { dimension: 'length', factor: 0.01, name: 'centimetre' },
  MMT: { dimension: 'length', factor: 0.001, name: 'millimetre' },
  INH: { dimension: 'length', factor: INCH, name: 'inch' },
  FOT: { dimension: 'length', factor: 12 * INCH, name: 'foot' },
  YRD: { dimension: 'length', factor: 36 * INCH, name: 'yard' },
  // area, base MTK
  MTK: { dimension: 'area', factor: 1, name: 'square metre' },
  CMK: { dimension: 'area', factor: 1e-4, name: 'square centimetre' },
  MMK: { dimension: 'area', factor: 1e-6, name: 'square millimetre' },
  INK: { dimension: 'area', factor: INCH ** 2, name: 'square inch' },
  FTK: { dimension: 'area', factor: (12 * INCH) ** 2, name: 'square foot' },
  YDK: { dimension: 'area', factor: (36 * INCH) ** 2, name: 'square yard' },
  // volume, base MTQ
  MTQ: { dimension: 'volume', factor: 1, name: 'cubic metre' },
  DMQ: { dimension: 'volume', factor: 0.001, name: 'cubic decimetre' },
  CMQ: { dimension: 'volume', factor: 1e-6, name: 'cubic centimetre' },
  MMQ: { dimension: 'volume', factor: 1e-9, name: 'cubic millimetre' },
  HLT: { dimension: 'volume', factor: 0.1, name: 'hectolitre' },
  LTR: { dimension: 'volume', factor: 0.001, name: 'litre' },
  DLT: { dimension: 'volume', factor: 1e-4, name: 'decilitre' },
  CLT: { dimension: 'volume', factor: 1e-5, name: 'centilitre' },
  MLT: { dimension: 'volume', factor: 1e-6, name: 'millilitre' },
  GLL: { dimension: 'volume', factor: US_GALLON, name: 'gallon (US)' },
  QTL: { dimension: 'volume', factor: US_GALLON / 4, name: 'liquid quart (US)' },
  PTL: { dimension: 'volume', factor: US_GALLON / 8, name: 'liquid pint (US)' },
  OZA: { dimension: 'volume', factor: US_GALLON / 128, name: 'fluid ounce (US)' },
  GLI: { dimension: 'volume', factor: IMPERIAL_GALLON, name: 'gallon (UK)' },
  QTI: { dimension: 'volume', factor: IMPERIAL_GALLON / 4, name: 'quart (UK)' },
  PTI: { dimension: 'volume', factor: IMPERIAL_GALLON / 8, name: 'pint (UK)' },
  OZI: { dimension: 'volume', factor: IMPERIAL_GALLON / 160, name: 'fluid ounce (UK)' },
  // count, base C62. Piece, each and number of articles all count single items.
  C62: { dimension: 'count', factor: 1, name: 'one' },
  H87: { dimension: 'count', factor: 1, name: 'piece' },
  EA: { dimension: 'count', factor: 1, name: 'each' },
  NAR: { dimension: 'count', factor: 1, name: 'number of articles' },
  PR: { dimension: 'count', factor: 2, name: 'pair' },
  DZN: { dimension: 'count', factor: 12, name: 'dozen' },
  DPC: { dimension: 'count', factor: 12, name: 'dozen piece' },
  GRO: { dimension: 'count', factor: 144, name: 'gross' },
  GGR: { dimension: 'count', factor: 1728, name: 'great gross' },
};

/** Returns the definition of a unit code (trimmed, any letter case), or undefined when it is not in {@link UNITS}. */
export function findUnit(code: string): UnitDefinition | undefined {
  const key = code.trim().toUpperCase();
  return Object.prototype.hasOwnProperty.call(UNITS, key) ? UNITS[key] : undefined;
}

/**
 * Converts `value` from unit `from` to unit `to`. The result is rounded to 15 significant digits,
 * so that 1 LBR gives 453.59237 GRM rather than a binary rounding artefact.
 *
 * @throws InputError when a code is not in {@link UNITS} or the two units measure different
 * dimensions (mass cannot become length).
 */
export function convertUnit(value: number, from: string, to: string): number {
  const source = requireUnit(from);
  const target = requireUnit(to);
  if (source.dimension !== target.dimension) {
    throw new InputError(
      `cannot convert ${from.trim().toUpperCase()} (${source.dimension}) to ${to.trim().toUpperCase()} (${target.dimension}): the units measure different things`,
    );
  }
  if (source === target) {
    return value;
  }
  return Number(((value * source.factor) / target.factor).toPrecision(15));
}

function requireUnit(code: string): UnitDefinition {
  const unit = findUnit(code);
  if (unit === undefined) {
    throw new InputError(
      `unknown unit code '${code}': use one of these UN/ECE Recommendation 20 codes: ${Object.keys(UNITS).join(', ')}`,
    );
  }
  return unit;
}
