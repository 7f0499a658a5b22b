/** The list behind File > Open Recent: newest first, without duplicates, kept in a JSON file in the user data folder. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Files the menu lists at most. */
export const MAX_RECENT_FILES = 10;

export class RecentFiles {
  private paths: string[] = [];

  constructor(private readonly storePath: string) {}

  /** Reads the stored list; a missing or unreadable file starts an empty list. Files that no longer exist are dropped. */
  async load(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.storePath, 'utf8'));
      this.paths = Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string' && existsSync(item)).slice(0, MAX_RECENT_FILES) : [];
    } catch {
      this.paths = [];
    }
    return this.list();
  }

  list(): string[] {
    return [...this.paths];
  }

  /** Puts `path` first and saves the list. */
  async add(path: string): Promise<string[]> {
    const absolute = resolve(path);
    this.paths = [absolute, ...this.paths.filter((item) => item !== absolute)].slice(0, MAX_RECENT_FILES);
    await this.save();
    return this.list();
  }

  async clear(): Promise<void> {
    this.paths = [];
    await this.save();
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.storePath), { recursive: true });
    await writeFile(this.storePath, `${JSON.stringify(this.paths, null, 2)}\n`);
  }
}
