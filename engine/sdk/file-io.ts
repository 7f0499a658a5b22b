/**
 * File helpers shared by readers and writers: atomic writes and file hashing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that readers never see it half-written: bytes go to a temporary file in the
 * same folder, and {@link commit} flushes it to disk and renames it over the target. A writer that
 * is discarded, or a process that dies, leaves the target as it was.
 */
export class AtomicFileWriter {
  private handle: FileHandle | undefined;
  private readonly tempPath: string;
  private chunks: (string | Uint8Array)[] = [];
  private bufferedLength = 0;

  /** Bytes buffered in memory before they go to the temporary file. */
  private static readonly BUFFER_LIMIT = 1 << 20;

  constructor(readonly targetPath: string) {
    this.tempPath = join(dirname(targetPath), `.${basename(targetPath)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  /** Path of the temporary file; it exists between the first write and commit or discard. */
  get temporaryPath(): string {
    return this.tempPath;
  }

  /** Appends text (written as UTF-8) or bytes (written as they are, for other encodings). */
  async write(chunk: string | Uint8Array): Promise<void> {
    this.chunks.push(chunk);
    this.bufferedLength += chunk.length;
    if (this.bufferedLength >= AtomicFileWriter.BUFFER_LIMIT) {
      await this.drain();
    }
  }

  /** Flushes to disk and renames the temporary file to the target, creating parent folders. */
  async commit(): Promise<void> {
    await this.drain();
    const handle = await this.ensureOpen();
    await handle.sync();
    await handle.close();
    this.handle = undefined;
    await rename(this.tempPath, this.targetPath);
  }

  /** Removes the temporary file; the target is untouched. */
  async discard(): Promise<void> {
    this.chunks = [];
    this.bufferedLength = 0;
    if (this.handle !== undefined) {
      await this.handle.close();
      this.handle = undefined;
    }
    await unlink(this.tempPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') {
        throw error;
      }
    });
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle === undefined) {
      await mkdir(dirname(this.targetPath), { recursive: true });
      this.handle = await open(this.tempPath, 'w');
    }
    return this.handle;
  }

  private async drain(): Promise<void> {
    const handle = await this.ensureOpen();
    if (this.chunks.length === 0) {
      return;
    }
    const chunks = this.chunks;
    this.chunks = [];
    this.bufferedLength = 0;
    if (chunks.every((chunk) => typeof chunk === 'string')) {
      await handle.write(chunks.join(''));
    } else {
      await handle.write(Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk))));
    }
  }
}

/** Returns the SHA-256 (hex) and size of a file, reading it as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { sha256: hash.digest('hex'), size };
}
