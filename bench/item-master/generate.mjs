// Writes a deterministic item-master CSV of N rows for the benchmark: the same N always gives
// the same bytes. About 4 % of rows are invalid (bad GTIN check digit, missing unit, price text).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const UNITS = ['H87', 'EA', 'XBX', 'XPK', 'PR', 'KGM', 'LTR', 'XRO'];
const WORDS = ['bolt', 'nut', 'washer', 'glove', 'cleaner', 'tape', 'label', 'film', 'cloth', 'soap', 'liner', 'glasses'];

/** Park-Miller minimal standard generator: deterministic and fast enough for millions of rows. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function checkDigit(body) {
  let total = 0;
  for (let index = 0; index < body.length; index++) {
    const digit = body.charCodeAt(body.length - 1 - index) - 48;
    total += digit * (index % 2 === 0 ? 3 : 1);
  }
  return String((10 - (total % 10)) % 10);
}

export async function generateItems(path, rows) {
  const next = random(20261204);
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) {
      await once(out, 'drain');
    }
  };
  await write('sku,title,gtin,unit,weight_kg,price,hazard_class,un_number,description\n');
  for (let index = 0; index < rows; index++) {
    const body = `40${String(index).padStart(10, '0')}`;
    let gtin = body + checkDigit(body);
    let unit = UNITS[Math.floor(next() * UNITS.length)];
    let price = (next() * 200 + 0.5).toFixed(2);
    const defect = next();
    if (defect < 0.02) {
      gtin = body + String((Number(checkDigit(body)) + 1) % 10);
    } else if (defect < 0.03) {
      unit = '';
    } else if (defect < 0.04) {
      price = 'n/a';
    }
    const hazardous = next() < 0.05;
    const word = WORDS[Math.floor(next() * WORDS.length)];
    const title = `${word[0].toUpperCase()}${word.slice(1)} ${index}`;
    const description = `"${title}, industrial grade; pack ""standard"""`;
    await write(
      `SKU-${index},${title},${gtin},${unit},${(next() * 20).toFixed(3)},${price},${hazardous ? '3' : ''},${hazardous ? 'UN1993' : ''},${description}\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows] = process.argv.slice(2);
  await generateItems(path, Number(rows));
}
