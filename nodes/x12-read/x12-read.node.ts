/**
 * `x12.read`: reads an X12 file and emits one record per transaction set. Sets whose control
 * numbers, counts or required elements are wrong go to the error port; the others go on.
 */
import { basename } from 'node:path';
import { defineNodeKind } from '../../engine/sdk/index.js';
import { decodeEdiBytes } from '../edi-common/decode-text.js';
import { emitReadResult, readSourceFile } from '../edi-common/emit-read-result.js';
import { describeX12Issue, readX12Text, type X12SetData } from '../x12-common/x12-reader.js';
import { X12ReadConfigSchema } from './x12-read.schema.js';

export const x12ReadNode = defineNodeKind({
  type: 'x12.read',
  version: 1,
  category: 'connector',
  title: 'Read X12',
  description: 'Reads an X12 EDI file (850, 855, 856, 810, 846, 832, 997 and any other set) into one record per transaction set, checking control numbers and counts.',
  configSchema: X12ReadConfigSchema,
  defaultConfig: { path: '' },
  hasInput: false,
  outputs: () => ['out'],
  check(config) {
    return config.path.trim() === '' ? [{ field: 'path', message: 'path is empty; choose the X12 file to read' }] : [];
  },
  create(config, context) {
    return {
      async run(out) {
        // NOTE: the whole file is read and parsed before the first record is emitted, so memory
        // grows with the file size. Interchanges are usually small, but this does not suit huge files.
        const { path, bytes } = await readSourceFile(context, config.path, 'X12');
        const { text } = decodeEdiBytes(bytes);
        const fileName = basename(path);
        const result = readX12Text(text, {
          fileName,
          ...(config.key === undefined ? {} : { key: config.key }),
          ...(config.controlChecks === undefined ? {} : { controlChecks: config.controlChecks }),
          ...(config.documents === undefined ? {} : { documents: config.documents }),
        });
        await emitReadResult({
          context,
          out,
          path,
          records: result.records,
          fileErrors: result.errors,
          format: 'x12',
          describe: (record, issue) => describeX12Issue(fileName, record.data as X12SetData, issue),
        });
      },
    };
  },
});
