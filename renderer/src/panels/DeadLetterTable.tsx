/**
 * Dead letters: records that failed in a node with no error edge, with the error, the node and the
 * record. Open ones can be picked for a replay, and their data edited first; closed ones show why
 * they were closed (replayed, delivered later, superseded).
 */
import { Fragment, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DeadLetterInfo } from '../../../engine/api/index.js';
import { useReplayStore, type ReplayState } from '../stores/replay-store.js';

function origin(letter: DeadLetterInfo): string {
  const { origin: where } = letter;
  if (where.file !== undefined) {
    const base = where.file.split(/[\\/]/).pop() ?? where.file;
    return where.line !== undefined ? `${base}:${where.line}` : base;
  }
  return `${where.node} #${where.index + 1}`;
}

const selectPicks = (state: ReplayState) => ({ selected: state.selected, edits: state.edits, replaying: state.replaying });

/** Edits one dead letter's data as JSON text; the edit is used by the next replay of it. */
function DataEditor({ letter, columns, onClose }: { letter: DeadLetterInfo; columns: number; onClose: () => void }) {
  const edited = useReplayStore((state) => state.edits[letter.id]);
  const [text, setText] = useState(() => JSON.stringify(edited ?? letter.record.data, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const keep = (): void => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      setProblem(`Invalid JSON: ${(error as Error).message}`);
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      setProblem('The data of a record is a JSON object, such as { "sku": "10-4471" }');
      return;
    }
    useReplayStore.getState().setEdit(letter.id, data as Record<string, unknown>);
    if (!useReplayStore.getState().selected.has(letter.id)) {
      useReplayStore.getState().toggle(letter.id);
    }
    onClose();
  };
  return (
    <tr className="fm-record-detail" data-testid={`dead-letter-editor-${letter.id}`}>
      <td colSpan={columns}>
        <p className="fm-muted fm-small">Data of dead letter {letter.id}, as the next replay of it will use it. The original stays in the history with the edit.</p>
        <textarea className="fm-input fm-mono fm-data-editor" rows={Math.min(16, text.split('\n').length + 1)} value={text} onChange={(event) => setText(event.target.value)} spellCheck={false} aria-label={`Data of dead letter ${letter.id}`} />
        {problem !== null && <p className="fm-error-text fm-small">{problem}</p>}
        <div className="fm-row-actions">
          <button type="button" className="fm-button fm-button--primary fm-button--small" onClick={keep} data-testid={`keep-edit-${letter.id}`}>
            Keep for the replay
          </button>
          {edited !== undefined && (
            <button
              type="button"
              className="fm-button fm-button--small"
              onClick={() => {
                useReplayStore.getState().setEdit(letter.id, null);
                onClose();
              }}
            >
              Undo the edit
            </button>
          )}
          <button type="button" className="fm-button fm-button--quiet fm-button--small" onClick={onClose}>
            Cancel
          </button>
        </div>
      </td>
    </tr>
  );
}

export function DeadLetterTable({ deadLetters }: { deadLetters: readonly DeadLetterInfo[] }) {
  const { selected, edits, replaying } = useReplayStore(useShallow(selectPicks));
  const [editing, setEditing] = useState<number | null>(null);
  if (deadLetters.length === 0) {
    return <p className="fm-muted fm-empty">No dead letters: every record that failed went to an error port, or none failed.</p>;
  }
  const open = deadLetters.filter((letter) => letter.resolvedAt === null);
  const allPicked = open.length > 0 && open.every((letter) => selected.has(letter.id));
  const columns = 10;
  return (
    <div className="fm-table-wrap">
      <table className="fm-table" data-testid="dead-letters">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label="Pick every open dead letter"
                checked={allPicked}
                disabled={open.length === 0 || replaying}
                onChange={() => useReplayStore.getState().setSelection(allPicked ? [] : open.map((letter) => letter.id))}
              />
            </th>
            <th>id</th>
            <th>node</th>
            <th>key</th>
            <th>error</th>
            <th>state</th>
            <th>record</th>
            <th>origin</th>
            <th>kind</th>
            <th>attempts</th>
          </tr>
        </thead>
        <tbody>
          {deadLetters.map((letter) => {
            const isOpen = letter.resolvedAt === null;
            const data = edits[letter.id] ?? letter.record.data;
            return (
              <Fragment key={letter.id}>
                <tr className={isOpen ? undefined : 'is-closed'} data-testid={`dead-letter-${letter.id}`}>
                  <td>
                    {isOpen && (
                      <input type="checkbox" aria-label={`Pick dead letter ${letter.id}`} checked={selected.has(letter.id)} disabled={replaying} onChange={() => useReplayStore.getState().toggle(letter.id)} />
                    )}
                  </td>
                  <td className="fm-muted">{letter.id}</td>
                  <td className="fm-mono">{letter.nodeId}</td>
                  <td className="fm-mono">{letter.recordKey ?? '–'}</td>
                  <td className="fm-table__errors">{letter.errorMessage}</td>
                  <td className="fm-dead-letter__state">
                    {isOpen ? <span className="fm-chip fm-chip--input">open</span> : <span className="fm-chip">closed</span>}
                    {!isOpen && letter.resolution !== null && <div className="fm-muted fm-small">{letter.resolution}</div>}
                    {isOpen && letter.replayedByRunId !== null && <div className="fm-muted fm-small">replaying in run {letter.replayedByRunId}</div>}
                  </td>
                  <td className="fm-mono fm-table__json" title={JSON.stringify(data, null, 2)}>
                    {isOpen && (
                      <button type="button" className="fm-link-button fm-small" onClick={() => setEditing(editing === letter.id ? null : letter.id)} data-testid={`edit-dead-letter-${letter.id}`}>
                        {edits[letter.id] === undefined ? 'Edit' : 'Edited'}
                      </button>
                    )}{' '}
                    {JSON.stringify(data)}
                  </td>
                  <td className="fm-muted">{origin(letter)}</td>
                  <td>
                    <span className={`fm-chip fm-chip--${letter.errorKind}`}>{letter.errorKind}</span>
                  </td>
                  <td>{letter.attempts}</td>
                </tr>
                {editing === letter.id && <DataEditor letter={letter} columns={columns} onClose={() => setEditing(null)} />}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
