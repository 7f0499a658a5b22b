import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveFileInto } from './move-file.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'flowmason-move-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

describe('moveFileInto', () => {
  it('moves a file into a folder it creates', async () => {
    const source = file('po.edi', 'first');
    const moved = await moveFileInto(source, join(folder, 'done'));
    expect(moved).toBe(join(folder, 'done', 'po.edi'));
    expect(readFileSync(moved, 'utf8')).toBe('first');
    expect(existsSync(source)).toBe(false);
  });

  it('suffixes a name that is taken and keeps the file there', async () => {
    mkdirSync(join(folder, 'done'));
    writeFileSync(join(folder, 'done', 'po.edi'), 'earlier');
    writeFileSync(join(folder, 'done', 'po-2.edi'), 'earlier too');
    const moved = await moveFileInto(file('po.edi', 'third'), join(folder, 'done'));
    expect(moved).toBe(join(folder, 'done', 'po-3.edi'));
    expect(readFileSync(join(folder, 'done', 'po.edi'), 'utf8')).toBe('earlier');
    expect(readFileSync(join(folder, 'done', 'po-2.edi'), 'utf8')).toBe('earlier too');
    expect(readFileSync(moved, 'utf8')).toBe('third');
  });

  it('suffixes a name without an extension', async () => {
    mkdirSync(join(folder, 'done'));
    writeFileSync(join(folder, 'done', 'ORDERS'), 'earlier');
    expect(await moveFileInto(file('ORDERS', 'new'), join(folder, 'done'))).toBe(join(folder, 'done', 'ORDERS-2'));
  });

  it('fails for a missing source without touching the folder', async () => {
    await expect(moveFileInto(join(folder, 'missing.edi'), join(folder, 'done'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(join(folder, 'done', 'missing.edi'))).toBe(false);
  });
});
