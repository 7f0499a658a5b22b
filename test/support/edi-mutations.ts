/**
 * Mutations of real EDI files for the fuzz tests of the readers: byte flips, truncations and
 * inserted separators, line breaks and envelope tags.
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'flip'; position: number; byte: number }
  | { kind: 'truncate'; position: number }
  | { kind: 'insert'; position: number; text: string }
  | { kind: 'delete'; position: number; length: number };

/** Pieces that stress separator detection, envelopes and line handling. */
const INSERTS = ['*', '~', '>', '^', '|', '\n', '\r\n', '\r', "'", '+', ':', '?', '??', "?'", '\u2026', '\u00a0', '\t', 'ISA', 'IEA*1*', 'GS*', 'GE*', 'ST*850*', 'SE*', 'UNA', "UNA:+.? '", 'UNB+', 'UNH+', 'UNT+', 'UNZ+', 'UNG+', 'STX='];

/** Arbitrary list of one to six mutations at positions within `length` bytes. */
export function mutations(length: number): fc.Arbitrary<Mutation[]> {
  const position = fc.nat({ max: Math.max(0, length - 1) });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), position, byte: fc.nat({ max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), position }),
    fc.record({ kind: fc.constant('insert' as const), position, text: fc.constantFrom(...INSERTS) }),
    fc.record({ kind: fc.constant('delete' as const), position, length: fc.integer({ min: 1, max: 40 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 6 });
}

/** Applies mutations in order; positions beyond the end clamp to it. */
export function applyMutations(original: Uint8Array, list: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(original);
  for (const mutation of list) {
    const at = Math.min(mutation.position, bytes.length);
    switch (mutation.kind) {
      case 'flip':
        if (at < bytes.length) {
          bytes[at] = mutation.byte;
        }
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(mutation.text, 'utf8'), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + mutation.length)]);
        break;
    }
  }
  return bytes;
}
