// The baseline: the same work as item-master.flow.json written by hand with the same libraries
// (streaming csv-parse, compiled ajv, plain mapping, buffered writes), with no run history.
// Prints one JSON line: records, seconds, peak RSS.
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ITEM_SCHEMA, gtinValid } from './item-schema.mjs';

const [input, outputDir] = process.argv.slice(2);
mkdirSync(outputDir, { recursive: true });
const started = performance.now();

const ajv = new Ajv2020({ allErrors: true });
ajv.addFormat('gtin', gtinValid);
const validate = ajv.compile(ITEM_SCHEMA);

function writer(path) {
  const stream = createWriteStream(path);
  let chunks = [];
  let size = 0;
  return {
    async write(text) {
      chunks.push(text);
      size += text.length;
      if (size > 1 << 20) {
        if (!stream.write(chunks.join(''))) {
          await once(stream, 'drain');
        }
        chunks = [];
        size = 0;
      }
    },
    async close() {
      stream.end(chunks.join(''));
      await once(stream, 'finish');
    },
  };
}

const catalog = writer(join(outputDir, 'catalog.jsonl'));
const wms = writer(join(outputDir, 'wms-items.csv'));
const exceptions = writer(join(outputDir, 'exceptions.jsonl'));
await wms.write('sku,gtin,unit,weight_kg,hazard_class\n');

let records = 0;
let line = 1;
const parser = createReadStream(input).pipe(parse({ columns: true, info: true }));
for await (const { record, info } of parser) {
  records++;
  line = info.lines;
  if (!validate(record)) {
    await exceptions.write(`${JSON.stringify({ key: record.sku, line, errors: validate.errors.map((error) => ({ field: error.instancePath, rule: error.keyword, message: error.message })) })}\n`);
    continue;
  }
  const item = {
    sku: record.sku,
    title: record.title,
    gtin: record.gtin,
    unit: record.unit,
    weightKg: Number(record.weight_kg),
    price: { amount: Number(record.price), currency: 'EUR' },
    hazardClass: record.hazard_class,
  };
  await catalog.write(`${JSON.stringify(item)}\n`);
  await wms.write(`${item.sku},${item.gtin},${item.unit},${item.weightKg},${record.hazard_class}\n`);
}
await Promise.all([catalog.close(), wms.close(), exceptions.close()]);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ records, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
