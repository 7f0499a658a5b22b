import { describe, expect, it } from 'vitest';
import { runNode } from '../../test/support/node-harness.js';
import { compileFilePattern } from './file-pattern.js';
import { fileWatchNode } from './trigger-file-watch.node.js';
import { fileWatchSettings } from './watched-folder.js';

function matcher(pattern: string): (name: string) => boolean {
  const compiled = compileFilePattern(pattern);
  if (typeof compiled !== 'function') {
    throw new Error(compiled.error);
  }
  return compiled;
}

describe('compileFilePattern', () => {
  it.each([
    ['*.edi', 'po-1001.edi', true],
    ['*.edi', 'po-1001.EDI', false],
    ['*.edi', 'po.edi.tmp', false],
    ['*.{edi,x12}', 'po.x12', true],
    ['*.{edi,x12}', 'po.csv', false],
    ['po-????.edi', 'po-1001.edi', true],
    ['po-????.edi', 'po-101.edi', false],
    ['[!.]*', '.hidden', false],
    ['[!.]*', 'visible', true],
    ['po[0-9].edi', 'po7.edi', true],
    ['a+b (1).edi', 'a+b (1).edi', true],
    ['*', 'anything', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matcher(pattern)(name)).toBe(expected);
  });

  it('rejects path separators and unclosed brackets', () => {
    expect(compileFilePattern('in/*.edi')).toEqual({ error: "pattern 'in/*.edi' contains a path separator; it matches file names in the folder, such as *.edi" });
    expect(compileFilePattern('po[0-9.edi')).toEqual({ error: "pattern 'po[0-9.edi' opens '[' at position 3 without a closing ']'" });
    expect(compileFilePattern('*.{edi,x12')).toEqual({ error: "pattern '*.{edi,x12' opens '{' without a closing '}'" });
  });
});

describe('fileWatchSettings', () => {
  it('resolves folders and fills defaults', () => {
    const settings = fileWatchSettings('inbox', { folder: 'inbox', parameter: 'input' }, (path) => `/flows/${path}`);
    expect(settings).toMatchObject({
      nodeId: 'inbox',
      folder: '/flows/inbox',
      parameter: 'input',
      doneFolder: '/flows/inbox/done',
      failedFolder: '/flows/inbox/failed',
      pollIntervalMs: 5_000,
      settleTimeMs: 2_000,
    });
    expect(settings.matches('any.file')).toBe(true);
  });

  it('reads durations and folders given', () => {
    const settings = fileWatchSettings(
      'inbox',
      { folder: '/data/in', parameter: 'input', pattern: '*.edi', doneFolder: '/archive/edi', failedFolder: 'rejected', pollInterval: '1.5s', settleTime: 250 },
      (path) => path,
    );
    expect(settings).toMatchObject({ doneFolder: '/archive/edi', failedFolder: '/data/in/rejected', pollIntervalMs: 1_500, settleTimeMs: 250 });
    expect(settings.matches('po.x12')).toBe(false);
  });

  it('names the node and field of a bad pattern', () => {
    expect(() => fileWatchSettings('inbox', { folder: 'in', parameter: 'input', pattern: '[x' }, (path) => path)).toThrow(
      "node 'inbox' field 'config.pattern': pattern '[x' opens '[' at position 1 without a closing ']'",
    );
  });
});

describe('trigger.file-watch', () => {
  it('emits nothing in a run', async () => {
    const result = await runNode(fileWatchNode, { folder: 'inbox', parameter: 'input' });
    expect(result.ports).toEqual({});
    expect(result.failures).toEqual([]);
  });

  it('reports a bad pattern when checked', () => {
    expect(fileWatchNode.check?.({ folder: 'inbox', parameter: 'input', pattern: 'a/b' }, { resolvePath: (path) => path, expressions: { compile: () => { throw new Error('unused'); } } })).toEqual([
      { field: 'pattern', message: "pattern 'a/b' contains a path separator; it matches file names in the folder, such as *.edi" },
    ]);
  });
});
