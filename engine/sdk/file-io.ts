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
 *
 * Commit is also available as two steps, {@link prepare} then {@link publish}, for sinks that
 * record the file's SHA-256 in the ledger between the two (see sink-delivery.ts).
 */
export class AtomicFileWriter {
  private handle: FileHandle | undefined;
  private readonly tempPath: string;
  private chunks: (string | Uint8Array)[] = [];
  private bufferedLength = 0;
  private readonly hash = createHash('sha256');
  private digest: string | undefined;

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
    await this.prepare();
    await this.publish();
  }

  /** Writes every buffered byte to the temporary file and flushes it to disk. Returns the SHA-256 of the file, hex. */
  async prepare(): Promise<string> {
    await this.drain();
    const handle = await this.ensureOpen();
    await handle.sync();
    await handle.close();
    this.handle = undefined;
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  /**
   * Renames the prepared temporary file to the target and flushes the folder, so the rename
   * survives a power loss once this resolves.
   */
  async publish(): Promise<void> {
    await rename(this.tempPath, this.targetPath);
    await syncFolder(dirname(this.targetPath));
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
      const text = chunks.join('');
      this.hash.update(text, 'utf8');
      await handle.write(text);
    } else {
      const bytes = Buffer.concat(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
      this.hash.update(bytes);
      await handle.write(bytes);
    }
  }
}

/** Flushes a folder's entries to disk. Some platforms (Windows) cannot open a folder; there the rename is left to the OS. */
async function syncFolder(path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch {
    // NOTE: fsync on a folder handle fails on some file systems; the rename itself has happened.
  } finally {
    await handle.close();
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
