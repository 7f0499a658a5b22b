/**
 * Monaco, bundled with the designer: @monaco-editor/react would otherwise load it from a CDN.
 * Only the editor core and the JSON language are included; JSONata gets a small tokenizer here.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/language/json/monaco.contribution';
// The JSON language loads its features lazily, and they import editor contributions (code lens,
// inlay hints, suggest memory) whose services must exist before the first editor starts. Loaded
// late, those services stay unknown, so this import registers them up front.
// NOTE: an internal path of monaco-editor 0.57; check it when upgrading Monaco.
import 'monaco-editor/internal/common/workers';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

export const JSONATA_LANGUAGE = 'jsonata';

monaco.languages.register({ id: JSONATA_LANGUAGE });
monaco.languages.setMonarchTokensProvider(JSONATA_LANGUAGE, {
  keywords: ['and', 'or', 'in', 'true', 'false', 'null', 'function'],
  tokenizer: {
    root: [
      [/\/\*/, 'comment', '@comment'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/'([^'\\]|\\.)*'/, 'string'],
      [/`[^`]*`/, 'variable'],
      [/\$[A-Za-z_][\w]*/, 'variable.predefined'],
      [/\$/, 'variable.predefined'],
      [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
      [/[A-Za-z_][\w]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/[{}()[\]]/, '@brackets'],
      [/[=<>!~&|?:.*+\-/%^@#]+/, 'operator'],
    ],
    comment: [
      [/\*\//, 'comment', '@pop'],
      [/./, 'comment'],
    ],
  },
});
monaco.languages.setLanguageConfiguration(JSONATA_LANGUAGE, {
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
});

loader.config({ monaco });

export { monaco };
