/**
 * A Monaco editor for one config value: a JSONata expression (grows with its content, syntax
 * errors marked and written below it) or JSON (a JSON Schema or a JSON value). Loaded lazily, so
 * the designer opens without Monaco and fetches it from its own bundle the first time it is needed.
 */
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { JSONATA_LANGUAGE, monaco } from '../monaco/monaco-setup.js';
import { checkJsonataSyntax, lineAndColumn } from './jsonata-syntax.js';

export interface CodeEditorProps {
  id: string;
  language: 'jsonata' | 'json';
  value: string;
  onChange: (value: string) => void;
  readOnly?: boolean;
  /** The host's problems with the value, shown below the editor unless its own syntax check already reports one. */
  hostErrors?: readonly string[];
}

const LINE_HEIGHT = 19;

type StandaloneEditor = Parameters<OnMount>[0];

export default function CodeEditor({ id, language, value, onChange, readOnly = false, hostErrors = [] }: CodeEditorProps) {
  const editorRef = useRef<StandaloneEditor | null>(null);
  const [height, setHeight] = useState(language === 'jsonata' ? LINE_HEIGHT * 2 + 8 : 180);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const hasErrors = syntaxError !== null || hostErrors.length > 0;

  const check = (text: string): void => {
    const model = editorRef.current?.getModel();
    if (language !== 'jsonata') {
      let message: string | null = null;
      try {
        JSON.parse(text);
      } catch (error) {
        message = (error as Error).message;
      }
      setSyntaxError(message === null ? null : `Invalid JSON: ${message}`);
      return;
    }
    const error = checkJsonataSyntax(text);
    if (error === null) {
      setSyntaxError(null);
      if (model) {
        monaco.editor.setModelMarkers(model, 'jsonata', []);
      }
      return;
    }
    const start = lineAndColumn(text, error.offset);
    setSyntaxError(`Syntax error at line ${start.line} column ${start.column}: ${error.message}`);
    if (model) {
      monaco.editor.setModelMarkers(model, 'jsonata', [
        { severity: monaco.MarkerSeverity.Error, message: error.message, startLineNumber: start.line, startColumn: start.column, endLineNumber: start.line, endColumn: start.column + 1 },
      ]);
    }
  };

  useEffect(() => {
    // Only the value matters here: `check` reads the editor through a ref.
    check(value);
  }, [value]);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    if (language === 'jsonata') {
      const resize = (): void => setHeight(Math.min(Math.max(editor.getContentHeight(), LINE_HEIGHT * 2), LINE_HEIGHT * 10) + 8);
      editor.onDidContentSizeChange(resize);
      resize();
    }
    check(editor.getValue());
  };

  return (
    <div className={`fm-code ${hasErrors ? 'has-error' : ''}`} data-testid={`code-${id}`}>
      <div className="fm-code__frame" style={{ height }}>
        <Editor
          language={language === 'jsonata' ? JSONATA_LANGUAGE : 'json'}
          value={value}
          onChange={(next) => onChange(next ?? '')}
          onMount={onMount}
          loading={<div className="fm-muted fm-code__loading">Loading editor…</div>}
          options={{
            readOnly,
            minimap: { enabled: false },
            lineNumbers: language === 'jsonata' ? 'off' : 'on',
            lineNumbersMinChars: 3,
            glyphMargin: false,
            folding: language !== 'jsonata',
            scrollBeyondLastLine: false,
            wordWrap: 'on',
            fontSize: 12.5,
            lineHeight: LINE_HEIGHT,
            renderLineHighlight: 'none',
            overviewRulerLanes: 0,
            hideCursorInOverviewRuler: true,
            scrollbar: { verticalScrollbarSize: 8, horizontalScrollbarSize: 8, alwaysConsumeMouseWheel: false },
            automaticLayout: true,
            tabSize: 2,
            fixedOverflowWidgets: true,
            padding: { top: 4, bottom: 4 },
          }}
        />
      </div>
      {syntaxError !== null && (
        <div className="fm-code__error" role="alert" data-testid={`code-error-${id}`}>
          {syntaxError}
        </div>
      )}
      {syntaxError === null &&
        hostErrors.map((message, index) => (
          <div key={index} className="fm-code__error" data-testid={`code-host-error-${id}`}>
            {message}
          </div>
        ))}
    </div>
  );
}
