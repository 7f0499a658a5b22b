/**
 * Checks that a byte stream is valid UTF-8, chunk by chunk. `buffer.isUtf8` checks one buffer, so
 * a multi-byte sequence split across two chunks would look invalid. The validator therefore keeps
 * back the incomplete sequence at the end of a chunk and checks it with the start of the next.
 */
import { isUtf8 } from 'node:buffer';

export class Utf8Validator {
  private carry: Buffer | undefined;

  /** Checks one chunk; returns false when it contains bytes that are not valid UTF-8. */
  push(chunk: Uint8Array): boolean {
    const bytes = this.carry === undefined ? chunk : Buffer.concat([this.carry, chunk]);
    const tail = incompleteTailLength(bytes);
    this.carry = tail === 0 ? undefined : Buffer.from(bytes.subarray(bytes.length - tail));
    return isUtf8(bytes.subarray(0, bytes.length - tail));
  }

  /** Returns false when the stream ended in the middle of a multi-byte sequence. */
  end(): boolean {
    const complete = this.carry === undefined;
    this.carry = undefined;
    return complete;
  }
}

/**
 * Returns how many bytes at the end of `bytes` begin a multi-byte sequence that the chunk cuts
 * short (0 to 3). Anything else, valid or not, is left for `isUtf8` to judge.
 */
function incompleteTailLength(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back] as number;
    if ((byte & 0xc0) === 0x80) {
      continue;
    }
    if (byte < 0xc0) {
      return 0;
    }
    let sequenceLength = 2;
    if (byte >= 0xf0) {
      sequenceLength = 4;
    } else if (byte >= 0xe0) {
      sequenceLength = 3;
    }
    return sequenceLength > back ? back : 0;
  }
  return 0;
}
