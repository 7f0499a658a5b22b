/**
 * The folder of flow files the designer works in. Paths in requests are relative to it. A path
 * that leaves it is rejected, unless the host was created for the desktop, where the user picks
 * files anywhere through the system's dialogs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import type { FlowDocument } from '../flow/flow-schema.js';
import { checkFlow, parseFlow, type FlowProblem } from '../flow/load-flow.js';
import type { NodeRegistry } from '../flow/node-registry.js';
import { serializeFlow } from '../flow/write-flow.js';
import type { FlowFileInfo } from '../api/flows.api.js';

export const FLOW_FILE_SUFFIX = '.flow.json';
/** Folders deeper than this below the workspace are not searched for flows. */
const MAX_LIST_DEPTH = 6;
/** Files of one kind listed at most, so a workspace pointed at a huge tree still lists quickly. */
const MAX_LISTED_FLOWS = 2000;
/** Flow files larger than this are listed without reading their id and name. */
const MAX_PEEK_BYTES = 4 * 1024 * 1024;

export interface OpenedFlow {
  path: string;
  text: string;
  flow: FlowDocument | null;
  problems: FlowProblem[];
}

export class FlowWorkspace {
  readonly root: string;

  constructor(
    root: string,
    private readonly registry: NodeRegistry,
    private readonly allowOutsideRoot: boolean,
  ) {
    this.root = resolve(root);
  }

  /**
   * Resolves a request path to an absolute file path. Throws an InputError for a path outside the
   * workspace (when that is not allowed) and for a name that does not end in `suffix`.
   */
  resolve(path: string, suffix = FLOW_FILE_SUFFIX): string {
    const absolute = resolve(this.root, path);
    if (!this.allowOutsideRoot && !this.contains(absolute)) {
      throw new InputError(`path '${path}' is outside the workspace ${this.root}; use a path inside it`);
    }
    if (!absolute.endsWith(suffix)) {
      throw new InputError(`path '${path}' must end in ${suffix}`);
    }
    return absolute;
  }

  /** Returns the path as the API reports it: relative to the workspace with `/`, or absolute when outside it. */
  display(absolute: string): string {
    return this.contains(absolute) ? relative(this.root, absolute).split(sep).join('/') : absolute;
  }

  /** Returns the folder relative paths in a flow resolve against: the flow file's folder, else the workspace. */
  flowDir(path: string | undefined): string {
    return path === undefined ? this.root : dirname(this.resolve(path));
  }

  private contains(absolute: string): boolean {
    const fromRoot = relative(this.root, absolute);
    return fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  }

  async list(): Promise<FlowFileInfo[]> {
    const found = await this.findFiles(this.root, FLOW_FILE_SUFFIX);
    return Promise.all(found.map((path) => this.describe(path)));
  }

  /** Returns the absolute paths of the files under `folder` whose names end in `suffix`, sorted, skipping hidden folders and node_modules. */
  async findFiles(folder: string, suffix: string): Promise<string[]> {
    const found: string[] = [];
    await this.collect(folder, 0, found, suffix);
    return found.sort();
  }

  private async collect(folder: string, depth: number, found: string[], suffix: string): Promise<void> {
    if (depth > MAX_LIST_DEPTH || found.length >= MAX_LISTED_FLOWS) {
      return;
    }
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        continue;
      }
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        await this.collect(path, depth + 1, found, suffix);
      } else if (entry.isFile() && entry.name.endsWith(suffix) && found.length < MAX_LISTED_FLOWS) {
        found.push(path);
      }
    }
  }

  private async describe(path: string): Promise<FlowFileInfo> {
    const info = await stat(path);
    let id: string | null = null;
    let name: string | null = null;
    if (info.size <= MAX_PEEK_BYTES) {
      try {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as { id?: unknown; name?: unknown };
        id = typeof parsed.id === 'string' ? parsed.id : null;
        name = typeof parsed.name === 'string' ? parsed.name : null;
      } catch {
        // A broken file is still listed, so the user can open it and see its problems.
      }
    }
    return { path: this.display(path), id, name, modifiedAt: info.mtime.toISOString(), size: info.size };
  }

  async open(path: string): Promise<OpenedFlow> {
    const absolute = this.resolve(path);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ENOENT' ? `flow file ${this.display(absolute)} not found` : `flow file ${this.display(absolute)} cannot be read: ${(error as Error).message}`);
    }
    const result = parseFlow(text, this.registry, { flowDir: dirname(absolute) });
    return { path: this.display(absolute), text, flow: result.flow ?? null, problems: result.problems };
  }

  /** Writes the flow's canonical text through a temporary file and a rename, so a crash never leaves half a file. */
  async save(path: string, flow: FlowDocument, createOnly: boolean): Promise<{ path: string; problems: FlowProblem[] }> {
    const absolute = this.resolve(path);
    const temporary = `${absolute}.${randomBytes(6).toString('hex')}.tmp`;
    await mkdir(dirname(absolute), { recursive: true });
    if (createOnly) {
      // Creating the file exclusively is what makes `createOnly` race-free.
      try {
        const handle = await open(absolute, 'wx');
        await handle.close();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new InputError(`flow file ${this.display(absolute)} already exists; choose another name`);
        }
        throw new InputError(`flow file ${this.display(absolute)} cannot be created: ${(error as Error).message}`);
      }
    }
    try {
      await writeFile(temporary, serializeFlow(flow), 'utf8');
      await rename(temporary, absolute);
    } catch (error) {
      await rm(temporary, { force: true });
      if (createOnly) {
        await rm(absolute, { force: true });
      }
      throw new InputError(`flow file ${this.display(absolute)} cannot be written: ${(error as Error).message}`);
    }
    const { problems } = checkFlow(flow, this.registry, { flowDir: dirname(absolute) });
    return { path: this.display(absolute), problems };
  }
}
