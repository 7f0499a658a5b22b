/**
 * The flow and input of a crash trial. Item rows are read from CSV and mapped, where a unit lookup
 * and a weight cast fail bad rows into the dead letters. A validate node sends items that are too
 * heavy to `invalid`. Two delta sinks deliver valid items to JSON Lines and invalid ones to a CSV
 * of exceptions. Every input row therefore ends in exactly one of three places: one line in an
 * items file, one line in an exceptions file, or one open dead letter.
 */

/** A small deterministic random generator (mulberry32), so a seed repeats a trial exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where each generated row is expected to end. */
export type Fate = 'item' | 'exception' | 'dead-letter';

export interface TrialInput {
  csv: string;
  fates: Map<string, Fate>;
}

const UNITS = ['piece', 'box', 'pack', 'kg'];

/** Generates `records` item rows; about 4% fail in the map (dead letters) and 5% are invalid. */
export function generateInput(records: number, random: () => number): TrialInput {
  const fates = new Map<string, Fate>();
  const lines = ['sku,name,unit,weight'];
  for (let index = 0; index < records; index++) {
    const sku = `I${String(index + 1).padStart(7, '0')}`;
    const draw = random();
    let unit = UNITS[Math.floor(random() * UNITS.length)] as string;
    let weight = (random() * 900 + 1).toFixed(2).replace('.', ',');
    let fate: Fate = 'item';
    if (draw < 0.02) {
      unit = 'bag';
      fate = 'dead-letter';
    } else if (draw < 0.04) {
      weight = `${weight}x`;
      fate = 'dead-letter';
    } else if (draw < 0.09) {
      weight = (1000.01 + random() * 500).toFixed(2).replace('.', ',');
      fate = 'exception';
    }
    fates.set(sku, fate);
    lines.push(`${sku},Item ${index + 1} "${unit}",${unit},"${weight}"`);
  }
  return { csv: `${lines.join('\n')}\n`, fates };
}

/** Returns the crash-trial flow, as the JSON of a flow file next to `items.csv`. */
export function crashFlow(): Record<string, unknown> {
  const position = { x: 0, y: 0 };
  return {
    formatVersion: 1,
    id: 'crash-trial',
    name: 'Crash trial',
    nodes: [
      { id: 'read', type: 'csv.read', typeVersion: 1, name: 'Read items', config: { path: 'items.csv', keyColumn: 'sku' }, position },
      {
        id: 'normalize',
        type: 'map',
        typeVersion: 1,
        name: 'Normalize',
        config: {
          fields: [
            { target: 'sku', source: 'sku' },
            { target: 'name', source: 'name' },
            { target: 'unit', source: 'unit', lookup: 'units' },
            { target: 'weightKg', source: 'weight', type: 'number', decimalSeparator: ',' },
          ],
          codeTables: { units: { piece: 'H87', box: 'XBX', pack: 'XPK', kg: 'KGM' } },
        },
        position,
      },
      {
        id: 'check',
        type: 'validate',
        typeVersion: 1,
        name: 'Check weight',
        config: { schema: { type: 'object', required: ['sku', 'unit', 'weightKg'], properties: { weightKg: { type: 'number', maximum: 1000 } } } },
        position,
      },
      { id: 'items', type: 'json.write', typeVersion: 1, name: 'Items', config: { path: 'out/items-{runId}.jsonl', delivery: { mode: 'delta' } }, position },
      {
        id: 'exceptions',
        type: 'csv.write',
        typeVersion: 1,
        name: 'Exceptions',
        config: { path: 'out/exceptions-{runId}.csv', delivery: { mode: 'delta' }, columns: [{ field: 'sku' }, { field: 'weightKg' }] },
        position,
      },
    ],
    edges: [
      { from: { node: 'read', port: 'out' }, to: { node: 'normalize', port: 'in' } },
      { from: { node: 'normalize', port: 'out' }, to: { node: 'check', port: 'in' } },
      { from: { node: 'check', port: 'valid' }, to: { node: 'items', port: 'in' } },
      { from: { node: 'check', port: 'invalid' }, to: { node: 'exceptions', port: 'in' } },
    ],
  };
}
