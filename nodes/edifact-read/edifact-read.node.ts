/**
 * `edifact.read`: reads an EDIFACT file and emits one record per message (UNH to UNT). Messages
 * whose trailer counts or references are wrong go to the error port; the others go on.
 */
import { basename } from 'node:path';
import { defineNodeKind } from '../../engine/sdk/index.js';
import { decodeEdiBytes } from '../edi-common/decode-text.js';
import { emitReadResult, readSourceFile } from '../edi-common/emit-read-result.js';
import { describeEdifactIssue, readEdifactText, type EdifactMessageData } from '../edifact-common/edifact-reader.js';
import { EdifactReadConfigSchema } from './edifact-read.schema.js';

export const edifactReadNode = defineNodeKind({
  type: 'edifact.read',
  version: 1,
  category: 'connector',
  title: 'Read EDIFACT',
  description: 'Reads an EDIFACT file (ORDERS, DESADV, INVOIC, PRICAT and any other message) into one record per message, checking UNT, UNE and UNZ.',
  configSchema: EdifactReadConfigSchema,
  defaultConfig: { path: '' },
  hasInput: false,
  outputs: () => ['out'],
  check(config) {
    return config.path.trim() === '' ? [{ field: 'path', message: 'path is empty; choose the EDIFACT file to read' }] : [];
  },
  create(config, context) {
    return {
      async run(out) {
        // NOTE: the whole file is read and parsed before the first record is emitted, as in x12.read.
        const { path, bytes } = await readSourceFile(context, config.path, 'EDIFACT');
        const { text } = decodeEdiBytes(bytes);
        const fileName = basename(path);
        const result = readEdifactText(text, {
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
          format: 'edifact',
          describe: (record, issue) => describeEdifactIssue(fileName, record.data as EdifactMessageData, issue),
        });
      },
    };
  },
});
