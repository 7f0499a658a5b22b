import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { realdataPath, SKIP_REALDATA } from '../../test/support/realdata.js';
import { edifactReadNode } from './edifact-read.node.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('edifact.read', () => {
  it('emits one record per message', async () => {
    const result = await runNode(edifactReadNode, { path: 'orders.edi' }, { baseDir: FIXTURES });
    const record = result.ports.out![0]!;

    expect(result.failures).toEqual([]);
    expect(record.key).toBe('ORD-7731');
    expect(record.origin).toEqual({ node: 'node-under-test', file: join(FIXTURES, 'orders.edi'), line: 3, index: 0 });
    expect(record.data).toMatchObject({
      format: 'edifact',
      messageType: 'ORDERS',
      messageReference: '1',
      messageVersion: { type: 'ORDERS', version: 'D', release: '96A', agency: 'UN', associationCode: 'EAN008' },
      interchange: { controlReference: 'ORD0001', sender: { id: '5412345000013', qualifier: '14' } },
    });
  });

  it('can skip the readable document', async () => {
    const result = await runNode(edifactReadNode, { path: 'orders.edi', documents: false }, { baseDir: FIXTURES });

    expect(result.ports.out![0]!.data.document).toBeUndefined();
    expect(result.ports.out![0]!.data.segments).toHaveLength(24);
  });
});

describe.skipIf(SKIP_REALDATA)('edifact.read on public samples', () => {
  it('fails the mismatched messages of Issue188 with located errors', async () => {
    const folder = realdataPath('edinet');
    const result = await runNode(edifactReadNode, { path: 'edifact.Issue188.edi', controlChecks: 'error' }, { baseDir: folder });

    expect(result.ports.out ?? []).toEqual([]);
    expect(result.failures).toHaveLength(4);
    const entries = [
      "edifact.Issue188.edi: interchange 581575491, message INVOIC 44: UNT01 is '1' but the message has 3 segments from UNH to UNT (segment UNT at position 3 of the message, line 8, element UNT01, rule message-segment-count); the sender must correct UNT01 and resend the message",
      "edifact.Issue188.edi: interchange 581575491, message INVOIC 44: UNT02 '43' does not match UNH01 '44' (segment UNT at position 3 of the message, line 8, element UNT02, rule message-reference); the sender must correct UNT02 and resend the message",
      "edifact.Issue188.edi: interchange 581575491, message INVOIC 44: UNZ01 is '1' but interchange 581575491 has 4 messages (segment UNZ, line 15, element UNZ01, rule interchange-count); the interchange is rejected as a whole; ask the partner to correct UNZ01 and resend it",
    ];
    expect(result.failures[1]!.message).toBe(`3 errors: (1) ${entries[0]} (2) ${entries[1]} (3) ${entries[2]}`);
    expect(result.failures[1]!.record.errors?.map((error) => [error.rule, error.message])).toEqual([
      ['message-segment-count', entries[0]],
      ['message-reference', entries[1]],
      ['interchange-count', entries[2]],
    ]);
  });

  it('fails a TRADACOMS file with a located error', async () => {
    const result = await runNode(edifactReadNode, { path: 'TRADACOMS_order.edi' }, { baseDir: realdataPath('staedi') });

    expect(result.failures.map((failure) => failure.message)).toEqual([
      'TRADACOMS_order.edi line 1: the file starts with STX=, so it is a TRADACOMS file; Flowmason reads EDIFACT and X12 but not TRADACOMS (rule tradacoms-not-supported)',
    ]);
  });
});
