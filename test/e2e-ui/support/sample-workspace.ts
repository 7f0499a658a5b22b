/** Copies the repository's sample flows into a UI test's workspace, so a test can change their data freely. */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/', import.meta.url));

/** Copies `samples/<name>` to `<workspace>/<name>` without its expected outputs; returns the copy's folder. */
export async function copySample(name: string, workspace: string): Promise<string> {
  const target = join(workspace, name);
  await cp(join(SAMPLES_DIR, name), target, { recursive: true, filter: (source) => !source.includes(`${name}/expected`) });
  return target;
}
