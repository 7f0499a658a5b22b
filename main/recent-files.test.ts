import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_FILES, RecentFiles } from './recent-files.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flowmason-recent-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function flowFile(name: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, '{}');
  return path;
}

describe('recent files', () => {
  it('keeps the newest first without duplicates', async () => {
    const recent = new RecentFiles(join(folder, 'state', 'recent.json'));
    const a = await flowFile('a.flow.json');
    const b = await flowFile('b.flow.json');
    await recent.add(a);
    await recent.add(b);
    expect(await recent.add(a)).toEqual([a, b]);
    expect(JSON.parse(await readFile(join(folder, 'state', 'recent.json'), 'utf8'))).toEqual([a, b]);
  });

  it('keeps at most the limit', async () => {
    const recent = new RecentFiles(join(folder, 'recent.json'));
    for (let index = 0; index < MAX_RECENT_FILES + 3; index++) {
      await recent.add(await flowFile(`${index}.flow.json`));
    }
    expect(recent.list()).toHaveLength(MAX_RECENT_FILES);
  });

  it('drops missing files and bad entries on load', async () => {
    const a = await flowFile('a.flow.json');
    await writeFile(join(folder, 'recent.json'), JSON.stringify([a, join(folder, 'gone.flow.json'), 42]));
    expect(await new RecentFiles(join(folder, 'recent.json')).load()).toEqual([a]);
  });

  it('starts empty from an unreadable file', async () => {
    await writeFile(join(folder, 'recent.json'), 'not json');
    expect(await new RecentFiles(join(folder, 'recent.json')).load()).toEqual([]);
  });
});
