/**
 * Moves a watched file into its done or failed folder without ever overwriting or losing a file.
 * A name already taken gets a numbered suffix: `po.edi`, then `po-2.edi`, `po-3.edi`.
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { InputError } from '../errors.js';

/** Names tried before giving up, so a folder full of clashes cannot loop for ever. */
const MAXIMUM_SUFFIX = 10_000;

/**
 * Moves `path` into `folder` (created when missing) and returns its new path. The new name is
 * claimed with a hard link, because a link fails instead of replacing an existing file. Across
 * file systems, or where hard links are not supported, an exclusive copy claims it instead. The
 * source is removed only after the new file exists, so a crash in between leaves two copies,
 * never none.
 */
export async function moveFileInto(path: string, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const name = basename(path);
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let suffix = 1; suffix <= MAXIMUM_SUFFIX; suffix++) {
    const target = join(folder, suffix === 1 ? name : `${stem}-${suffix}${extension}`);
    if (await claim(path, target)) {
      await unlink(path);
      return target;
    }
  }
  throw new InputError(`cannot move ${path} into ${folder}: the names ${name} to ${stem}-${MAXIMUM_SUFFIX}${extension} are all taken`, { file: path });
}

/** Creates `target` with the contents of `source`; returns false when `target` already exists. */
async function claim(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      return false;
    }
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') {
      throw error;
    }
  }
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
}
